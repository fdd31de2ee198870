import { MigrationInterface, QueryRunner } from 'typeorm';

/** Passwords of the first-use authenticator, deleted with their user. */
export class UserPasswordsPostgres1764100000000 implements MigrationInterface {
  name = 'UserPasswordsPostgres1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "user_passwords" ("user_id" integer NOT NULL, "hashed" character varying(255) NOT NULL, "updated" TIMESTAMP NOT NULL, CONSTRAINT "PK_69bf155ad044d776976470eb032" PRIMARY KEY ("user_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "user_passwords" ADD CONSTRAINT "FK_69bf155ad044d776976470eb032" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "user_passwords" DROP CONSTRAINT "FK_69bf155ad044d776976470eb032"',
    );
    await queryRunner.query('DROP TABLE "user_passwords"');
  }
}
