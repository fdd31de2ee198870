import { MigrationInterface, QueryRunner } from 'typeorm';

/** Anonymous users of the warm pool, deleted with their user. */
export class WarmPoolSqlite1764600000000 implements MigrationInterface {
  name = 'WarmPoolSqlite1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "warm_pool" ("user_id" integer PRIMARY KEY NOT NULL, "created" datetime NOT NULL, CONSTRAINT "FK_b9ef4fb09353395076d6ea17861" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "warm_pool"');
  }
}
