import { MigrationInterface, QueryRunner } from 'typeorm';

/** The uid each user's local servers run under when the hub runs as root; one per name. */
export class LocalUidsPostgres1796660644863 implements MigrationInterface {
  name = 'LocalUidsPostgres1796660644863';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "local_uids" ("uid" integer NOT NULL, "user_name" character varying(255) NOT NULL, CONSTRAINT "UQ_edb4d5eca573fcf5af8c031f2cf" UNIQUE ("user_name"), CONSTRAINT "PK_f5d450bad69941cf508145e7361" PRIMARY KEY ("uid"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "local_uids"');
  }
}
