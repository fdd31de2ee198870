import { MigrationInterface, QueryRunner } from 'typeorm';

/** Pending OAuth device authorizations (RFC 8628), both codes stored hashed. */
export class OAuthDeviceCodesSqlite1796678386770 implements MigrationInterface {
  name = 'OAuthDeviceCodesSqlite1796678386770';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "oauth_device_codes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "device_code_hash" varchar(64) NOT NULL, "user_code_hash" varchar(64) NOT NULL, "client_id" varchar(255) NOT NULL, "scopes" text NOT NULL DEFAULT (\'[]\'), "expires_at" integer NOT NULL, "interval" integer NOT NULL, "last_polled_at" integer, "user_id" integer, "decision" varchar(255))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ix_oauth_device_codes_device_code_hash" ON "oauth_device_codes" ("device_code_hash")',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ix_oauth_device_codes_user_code_hash" ON "oauth_device_codes" ("user_code_hash")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_oauth_device_codes_user_code_hash"');
    await queryRunner.query('DROP INDEX "ix_oauth_device_codes_device_code_hash"');
    await queryRunner.query('DROP TABLE "oauth_device_codes"');
  }
}
