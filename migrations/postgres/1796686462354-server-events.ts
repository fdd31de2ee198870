import { MigrationInterface, QueryRunner } from 'typeorm';

/** Culls and failed or dead servers with their reason (orrery_server_events). */
export class ServerEventsPostgres1796686462354 implements MigrationInterface {
  name = 'ServerEventsPostgres1796686462354';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "orrery_server_events" ("id" SERIAL NOT NULL, "user_name" character varying(255) NOT NULL, "server_name" character varying(255), "kind" character varying(255) NOT NULL, "reason" character varying(255) NOT NULL, "summary" character varying(1000) NOT NULL, "details" text NOT NULL DEFAULT \'\', "created" TIMESTAMP NOT NULL, CONSTRAINT "PK_5fd54ff90e34d81de1ae1d16d10" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_orrery_server_events_user" ON "orrery_server_events" ("user_name", "created")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_orrery_server_events_user"');
    await queryRunner.query('DROP TABLE "orrery_server_events"');
  }
}
