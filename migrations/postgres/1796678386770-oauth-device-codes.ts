import { MigrationInterface, QueryRunner } from 'typeorm';

/** Pending OAuth device authorizations (RFC 8628), both codes stored hashed. */
export class OAuthDeviceCodesPostgres1796678386770 implements MigrationInterface {
  name = 'OAuthDeviceCodesPostgres1796678386770';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "oauth_device_codes" ("id" SERIAL NOT NULL, "device_code_hash" character varying(64) NOT NULL, "user_code_hash" character varying(64) NOT NULL, "client_id" character varying(255) NOT NULL, "scopes" text NOT NULL DEFAULT \'[]\', "expires_at" integer NOT NULL, "interval" integer NOT NULL, "last_polled_at" integer, "user_id" integer, "decision" character varying(255), CONSTRAINT "pk_oauth_device_codes" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ix_oauth_device_codes_device_code_hash" ON "oauth_device_codes" ("device_code_hash")',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ix_oauth_device_codes_user_code_hash" ON "oauth_device_codes" ("user_code_hash")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_oauth_device_codes_user_code_hash"');
    await queryRunner.query('DROP INDEX "public"."ix_oauth_device_codes_device_code_hash"');
    await queryRunner.query('DROP TABLE "oauth_device_codes"');
  }
}
