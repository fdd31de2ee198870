import { MigrationInterface, QueryRunner } from 'typeorm';

/** Passwords of the first-use authenticator, deleted with their user. */
export class UserPasswordsSqlite1764100000000 implements MigrationInterface {
  name = 'UserPasswordsSqlite1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "user_passwords" ("user_id" integer PRIMARY KEY NOT NULL, "hashed" varchar(255) NOT NULL, "updated" datetime NOT NULL, CONSTRAINT "FK_69bf155ad044d776976470eb032" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "user_passwords"');
  }
}
