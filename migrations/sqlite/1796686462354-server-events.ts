import { MigrationInterface, QueryRunner } from 'typeorm';

/** Culls and failed or dead servers with their reason (orrery_server_events). */
export class ServerEventsSqlite1796686462354 implements MigrationInterface {
  name = 'ServerEventsSqlite1796686462354';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "orrery_server_events" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_name" varchar(255) NOT NULL, "server_name" varchar(255), "kind" varchar(255) NOT NULL, "reason" varchar(255) NOT NULL, "summary" varchar(1000) NOT NULL, "details" text NOT NULL DEFAULT (\'\'), "created" datetime NOT NULL)',
    );
    await queryRunner.query(
      'CREATE INDEX "ix_orrery_server_events_user" ON "orrery_server_events" ("user_name", "created")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_orrery_server_events_user"');
    await queryRunner.query('DROP TABLE "orrery_server_events"');
  }
}
