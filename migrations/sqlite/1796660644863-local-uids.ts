import { MigrationInterface, QueryRunner } from 'typeorm';

/** The uid each user's local servers run under when the hub runs as root; one per name. */
export class LocalUidsSqlite1796660644863 implements MigrationInterface {
  name = 'LocalUidsSqlite1796660644863';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "local_uids" ("uid" integer PRIMARY KEY NOT NULL, "user_name" varchar(255) NOT NULL, CONSTRAINT "UQ_edb4d5eca573fcf5af8c031f2cf" UNIQUE ("user_name"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "local_uids"');
  }
}
