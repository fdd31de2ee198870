import { MigrationInterface, QueryRunner } from 'typeorm';

/** Anonymous users of the warm pool, deleted with their user. */
export class WarmPoolPostgres1764600000000 implements MigrationInterface {
  name = 'WarmPoolPostgres1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "warm_pool" ("user_id" integer NOT NULL, "created" TIMESTAMP NOT NULL, CONSTRAINT "PK_b9ef4fb09353395076d6ea17861" PRIMARY KEY ("user_id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "warm_pool" ADD CONSTRAINT "FK_b9ef4fb09353395076d6ea17861" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "warm_pool" DROP CONSTRAINT "FK_b9ef4fb09353395076d6ea17861"',
    );
    await queryRunner.query('DROP TABLE "warm_pool"');
  }
}
