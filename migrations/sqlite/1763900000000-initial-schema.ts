import { MigrationInterface, QueryRunner } from 'typeorm';

/** JupyterHub's tables (users, servers, spawners, tokens, OAuth, groups, roles, services, shares). */
export class InitialSchemaSqlite1763900000000 implements MigrationInterface {
  name = 'InitialSchemaSqlite1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "oauth_clients" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "identifier" varchar(255) NOT NULL, "description" varchar(255), "secret" varchar(255) NOT NULL DEFAULT (\'\'), "redirect_uri" varchar(255) NOT NULL DEFAULT (\'\'), "allowed_scopes" text NOT NULL DEFAULT (\'[]\'), CONSTRAINT "UQ_e38ecbd776e460edc93aa093cef" UNIQUE ("identifier"))',
    );
    await queryRunner.query(
      'CREATE TABLE "servers" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "proto" varchar(255) NOT NULL DEFAULT (\'http\'), "ip" varchar(255) NOT NULL DEFAULT (\'\'), "port" integer NOT NULL DEFAULT (0), "base_url" varchar(255) NOT NULL DEFAULT (\'/\'), "cookie_name" varchar(255) NOT NULL DEFAULT (\'cookie\'))',
    );
    await queryRunner.query(
      'CREATE TABLE "services" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(255) NOT NULL, "admin" boolean NOT NULL DEFAULT (0), "url" varchar(255), "info" text NOT NULL DEFAULT (\'{}\'), "display" boolean NOT NULL DEFAULT (1), "oauth_no_confirm" boolean NOT NULL DEFAULT (0), "oauth_client_id" varchar(255), "from_config" boolean NOT NULL DEFAULT (1), "command" text, "pid" integer NOT NULL DEFAULT (0), "server_id" integer, CONSTRAINT "UQ_019d74f7abcdcb5a0113010cb03" UNIQUE ("name"), CONSTRAINT "REL_b376e5b3d81534c3f2771f8521" UNIQUE ("server_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(255) NOT NULL, "admin" boolean NOT NULL DEFAULT (0), "created" datetime NOT NULL, "last_activity" datetime, "cookie_id" varchar(255) NOT NULL, "encrypted_auth_state" text, "user_info" text, CONSTRAINT "UQ_51b8b26ac168fbe7d6f5653e6cf" UNIQUE ("name"), CONSTRAINT "UQ_1761e1ce893d9049ba6de762ccd" UNIQUE ("cookie_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "api_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "hashed" varchar(255) NOT NULL, "prefix" varchar(16) NOT NULL, "user_id" integer, "service_id" integer, "client_id" varchar(255) NOT NULL DEFAULT (\'jupyterhub\'), "session_id" varchar(255), "scopes" text NOT NULL DEFAULT (\'[]\'), "note" text NOT NULL DEFAULT (\'\'), "created" datetime NOT NULL, "expires_at" datetime, "last_activity" datetime)',
    );
    await queryRunner.query('CREATE INDEX "ix_api_tokens_prefix" ON "api_tokens" ("prefix")');
    await queryRunner.query(
      'CREATE TABLE "groups" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(255) NOT NULL, "properties" text NOT NULL DEFAULT (\'{}\'), CONSTRAINT "UQ_664ea405ae2a10c264d582ee563" UNIQUE ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "oauth_codes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "client_id" varchar(255) NOT NULL, "code" varchar(64) NOT NULL, "expires_at" integer NOT NULL, "redirect_uri" varchar(255) NOT NULL DEFAULT (\'\'), "session_id" varchar(255), "user_id" integer NOT NULL, "scopes" text NOT NULL DEFAULT (\'[]\'), "code_challenge" varchar(255), "code_challenge_method" varchar(255))',
    );
    await queryRunner.query('CREATE INDEX "ix_oauth_codes_code" ON "oauth_codes" ("code")');
    await queryRunner.query(
      'CREATE TABLE "roles" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(255) NOT NULL, "description" text, "scopes" text NOT NULL DEFAULT (\'[]\'), "managed_by_auth" boolean NOT NULL DEFAULT (0), CONSTRAINT "UQ_648e3f5447f725579d7d4ffdfb7" UNIQUE ("name"))',
    );
    await queryRunner.query(
      'CREATE TABLE "spawners" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "server_id" integer, "name" varchar(255) NOT NULL DEFAULT (\'\'), "display_name" varchar(255) NOT NULL DEFAULT (\'\'), "state" text, "started" datetime, "last_activity" datetime, "user_options" text, "oauth_client_id" varchar(255), CONSTRAINT "uq_spawners_user_name" UNIQUE ("user_id", "name"), CONSTRAINT "REL_652ae3d0d6328047506a25ad60" UNIQUE ("server_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "share_codes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "hashed" varchar(255) NOT NULL, "prefix" varchar(16) NOT NULL, "owner_id" integer NOT NULL, "spawner_id" integer NOT NULL, "scopes" text NOT NULL DEFAULT (\'[]\'), "created_at" datetime NOT NULL, "expires_at" datetime, "exchange_count" integer NOT NULL DEFAULT (0), "last_exchanged_at" datetime)',
    );
    await queryRunner.query('CREATE INDEX "ix_share_codes_prefix" ON "share_codes" ("prefix")');
    await queryRunner.query(
      'CREATE TABLE "shares" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "owner_id" integer NOT NULL, "spawner_id" integer NOT NULL, "user_id" integer, "group_id" integer, "scopes" text NOT NULL DEFAULT (\'[]\'), "created_at" datetime NOT NULL)',
    );
    await queryRunner.query(
      'CREATE TABLE "service_role_map" ("service_id" integer NOT NULL, "role_id" integer NOT NULL, PRIMARY KEY ("service_id", "role_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_514d4306165f07407dd5e1c6e1" ON "service_role_map" ("service_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_e6a64a259a2032053983f0f72f" ON "service_role_map" ("role_id")',
    );
    await queryRunner.query(
      'CREATE TABLE "user_role_map" ("user_id" integer NOT NULL, "role_id" integer NOT NULL, PRIMARY KEY ("user_id", "role_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_546cd06bae706aa0370fa75229" ON "user_role_map" ("user_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_1921369410decb985cb151ed0d" ON "user_role_map" ("role_id")',
    );
    await queryRunner.query(
      'CREATE TABLE "user_group_map" ("group_id" integer NOT NULL, "user_id" integer NOT NULL, PRIMARY KEY ("group_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_26e348f809912888a653285acc" ON "user_group_map" ("group_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_001ef5ae8e01c0393246146be1" ON "user_group_map" ("user_id")',
    );
    await queryRunner.query(
      'CREATE TABLE "group_role_map" ("group_id" integer NOT NULL, "role_id" integer NOT NULL, PRIMARY KEY ("group_id", "role_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_bb3b62eadb05ca38aa3e0c45ca" ON "group_role_map" ("group_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_d8422b78043b2e97b46178189d" ON "group_role_map" ("role_id")',
    );
    await queryRunner.query(
      'CREATE TABLE "temporary_services" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(255) NOT NULL, "admin" boolean NOT NULL DEFAULT (0), "url" varchar(255), "info" text NOT NULL DEFAULT (\'{}\'), "display" boolean NOT NULL DEFAULT (1), "oauth_no_confirm" boolean NOT NULL DEFAULT (0), "oauth_client_id" varchar(255), "from_config" boolean NOT NULL DEFAULT (1), "command" text, "pid" integer NOT NULL DEFAULT (0), "server_id" integer, CONSTRAINT "UQ_019d74f7abcdcb5a0113010cb03" UNIQUE ("name"), CONSTRAINT "REL_b376e5b3d81534c3f2771f8521" UNIQUE ("server_id"), CONSTRAINT "FK_b376e5b3d81534c3f2771f85219" FOREIGN KEY ("server_id") REFERENCES "servers" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_services"("id", "name", "admin", "url", "info", "display", "oauth_no_confirm", "oauth_client_id", "from_config", "command", "pid", "server_id") SELECT "id", "name", "admin", "url", "info", "display", "oauth_no_confirm", "oauth_client_id", "from_config", "command", "pid", "server_id" FROM "services"',
    );
    await queryRunner.query('DROP TABLE "services"');
    await queryRunner.query('ALTER TABLE "temporary_services" RENAME TO "services"');
    await queryRunner.query('DROP INDEX "ix_api_tokens_prefix"');
    await queryRunner.query(
      'CREATE TABLE "temporary_api_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "hashed" varchar(255) NOT NULL, "prefix" varchar(16) NOT NULL, "user_id" integer, "service_id" integer, "client_id" varchar(255) NOT NULL DEFAULT (\'jupyterhub\'), "session_id" varchar(255), "scopes" text NOT NULL DEFAULT (\'[]\'), "note" text NOT NULL DEFAULT (\'\'), "created" datetime NOT NULL, "expires_at" datetime, "last_activity" datetime, CONSTRAINT "FK_b74883f5884a42fd8496d389b25" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_5f716fe57e324536abd5b74091d" FOREIGN KEY ("service_id") REFERENCES "services" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_598309ba819f7f2702d8d32bb12" FOREIGN KEY ("client_id") REFERENCES "oauth_clients" ("identifier") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_api_tokens"("id", "hashed", "prefix", "user_id", "service_id", "client_id", "session_id", "scopes", "note", "created", "expires_at", "last_activity") SELECT "id", "hashed", "prefix", "user_id", "service_id", "client_id", "session_id", "scopes", "note", "created", "expires_at", "last_activity" FROM "api_tokens"',
    );
    await queryRunner.query('DROP TABLE "api_tokens"');
    await queryRunner.query('ALTER TABLE "temporary_api_tokens" RENAME TO "api_tokens"');
    await queryRunner.query('CREATE INDEX "ix_api_tokens_prefix" ON "api_tokens" ("prefix")');
    await queryRunner.query('DROP INDEX "ix_oauth_codes_code"');
    await queryRunner.query(
      'CREATE TABLE "temporary_oauth_codes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "client_id" varchar(255) NOT NULL, "code" varchar(64) NOT NULL, "expires_at" integer NOT NULL, "redirect_uri" varchar(255) NOT NULL DEFAULT (\'\'), "session_id" varchar(255), "user_id" integer NOT NULL, "scopes" text NOT NULL DEFAULT (\'[]\'), "code_challenge" varchar(255), "code_challenge_method" varchar(255), CONSTRAINT "FK_2077e3dc1a24a08e0e992752b13" FOREIGN KEY ("client_id") REFERENCES "oauth_clients" ("identifier") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_d0ce2fa7498d76130e2df00d521" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_oauth_codes"("id", "client_id", "code", "expires_at", "redirect_uri", "session_id", "user_id", "scopes", "code_challenge", "code_challenge_method") SELECT "id", "client_id", "code", "expires_at", "redirect_uri", "session_id", "user_id", "scopes", "code_challenge", "code_challenge_method" FROM "oauth_codes"',
    );
    await queryRunner.query('DROP TABLE "oauth_codes"');
    await queryRunner.query('ALTER TABLE "temporary_oauth_codes" RENAME TO "oauth_codes"');
    await queryRunner.query('CREATE INDEX "ix_oauth_codes_code" ON "oauth_codes" ("code")');
    await queryRunner.query(
      'CREATE TABLE "temporary_spawners" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "server_id" integer, "name" varchar(255) NOT NULL DEFAULT (\'\'), "display_name" varchar(255) NOT NULL DEFAULT (\'\'), "state" text, "started" datetime, "last_activity" datetime, "user_options" text, "oauth_client_id" varchar(255), CONSTRAINT "uq_spawners_user_name" UNIQUE ("user_id", "name"), CONSTRAINT "REL_652ae3d0d6328047506a25ad60" UNIQUE ("server_id"), CONSTRAINT "FK_7a86b1e2092bc7ab52d900c4f80" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_652ae3d0d6328047506a25ad607" FOREIGN KEY ("server_id") REFERENCES "servers" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_8758b46f4d7c0322c097a90bdd6" FOREIGN KEY ("oauth_client_id") REFERENCES "oauth_clients" ("identifier") ON DELETE SET NULL ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_spawners"("id", "user_id", "server_id", "name", "display_name", "state", "started", "last_activity", "user_options", "oauth_client_id") SELECT "id", "user_id", "server_id", "name", "display_name", "state", "started", "last_activity", "user_options", "oauth_client_id" FROM "spawners"',
    );
    await queryRunner.query('DROP TABLE "spawners"');
    await queryRunner.query('ALTER TABLE "temporary_spawners" RENAME TO "spawners"');
    await queryRunner.query('DROP INDEX "ix_share_codes_prefix"');
    await queryRunner.query(
      'CREATE TABLE "temporary_share_codes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "hashed" varchar(255) NOT NULL, "prefix" varchar(16) NOT NULL, "owner_id" integer NOT NULL, "spawner_id" integer NOT NULL, "scopes" text NOT NULL DEFAULT (\'[]\'), "created_at" datetime NOT NULL, "expires_at" datetime, "exchange_count" integer NOT NULL DEFAULT (0), "last_exchanged_at" datetime, CONSTRAINT "FK_e8b6209f4ed6b85630c5cdca227" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_25fbb2b95a5623d415f193e6dc5" FOREIGN KEY ("spawner_id") REFERENCES "spawners" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_share_codes"("id", "hashed", "prefix", "owner_id", "spawner_id", "scopes", "created_at", "expires_at", "exchange_count", "last_exchanged_at") SELECT "id", "hashed", "prefix", "owner_id", "spawner_id", "scopes", "created_at", "expires_at", "exchange_count", "last_exchanged_at" FROM "share_codes"',
    );
    await queryRunner.query('DROP TABLE "share_codes"');
    await queryRunner.query('ALTER TABLE "temporary_share_codes" RENAME TO "share_codes"');
    await queryRunner.query('CREATE INDEX "ix_share_codes_prefix" ON "share_codes" ("prefix")');
    await queryRunner.query(
      'CREATE TABLE "temporary_shares" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "owner_id" integer NOT NULL, "spawner_id" integer NOT NULL, "user_id" integer, "group_id" integer, "scopes" text NOT NULL DEFAULT (\'[]\'), "created_at" datetime NOT NULL, CONSTRAINT "FK_d64c6ff3485c225887212efc15e" FOREIGN KEY ("owner_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_097f49c90ca75c616ea10dbe2c7" FOREIGN KEY ("spawner_id") REFERENCES "spawners" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_a8aded2f90f448876f7fe63eab4" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_9650994d4c67f6d52592935712f" FOREIGN KEY ("group_id") REFERENCES "groups" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_shares"("id", "owner_id", "spawner_id", "user_id", "group_id", "scopes", "created_at") SELECT "id", "owner_id", "spawner_id", "user_id", "group_id", "scopes", "created_at" FROM "shares"',
    );
    await queryRunner.query('DROP TABLE "shares"');
    await queryRunner.query('ALTER TABLE "temporary_shares" RENAME TO "shares"');
    await queryRunner.query('DROP INDEX "IDX_514d4306165f07407dd5e1c6e1"');
    await queryRunner.query('DROP INDEX "IDX_e6a64a259a2032053983f0f72f"');
    await queryRunner.query(
      'CREATE TABLE "temporary_service_role_map" ("service_id" integer NOT NULL, "role_id" integer NOT NULL, CONSTRAINT "FK_514d4306165f07407dd5e1c6e19" FOREIGN KEY ("service_id") REFERENCES "services" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_e6a64a259a2032053983f0f72f9" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("service_id", "role_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_service_role_map"("service_id", "role_id") SELECT "service_id", "role_id" FROM "service_role_map"',
    );
    await queryRunner.query('DROP TABLE "service_role_map"');
    await queryRunner.query(
      'ALTER TABLE "temporary_service_role_map" RENAME TO "service_role_map"',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_514d4306165f07407dd5e1c6e1" ON "service_role_map" ("service_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_e6a64a259a2032053983f0f72f" ON "service_role_map" ("role_id")',
    );
    await queryRunner.query('DROP INDEX "IDX_546cd06bae706aa0370fa75229"');
    await queryRunner.query('DROP INDEX "IDX_1921369410decb985cb151ed0d"');
    await queryRunner.query(
      'CREATE TABLE "temporary_user_role_map" ("user_id" integer NOT NULL, "role_id" integer NOT NULL, CONSTRAINT "FK_546cd06bae706aa0370fa752292" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_1921369410decb985cb151ed0db" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("user_id", "role_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_user_role_map"("user_id", "role_id") SELECT "user_id", "role_id" FROM "user_role_map"',
    );
    await queryRunner.query('DROP TABLE "user_role_map"');
    await queryRunner.query('ALTER TABLE "temporary_user_role_map" RENAME TO "user_role_map"');
    await queryRunner.query(
      'CREATE INDEX "IDX_546cd06bae706aa0370fa75229" ON "user_role_map" ("user_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_1921369410decb985cb151ed0d" ON "user_role_map" ("role_id")',
    );
    await queryRunner.query('DROP INDEX "IDX_26e348f809912888a653285acc"');
    await queryRunner.query('DROP INDEX "IDX_001ef5ae8e01c0393246146be1"');
    await queryRunner.query(
      'CREATE TABLE "temporary_user_group_map" ("group_id" integer NOT NULL, "user_id" integer NOT NULL, CONSTRAINT "FK_26e348f809912888a653285acc3" FOREIGN KEY ("group_id") REFERENCES "groups" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_001ef5ae8e01c0393246146be1c" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("group_id", "user_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_user_group_map"("group_id", "user_id") SELECT "group_id", "user_id" FROM "user_group_map"',
    );
    await queryRunner.query('DROP TABLE "user_group_map"');
    await queryRunner.query('ALTER TABLE "temporary_user_group_map" RENAME TO "user_group_map"');
    await queryRunner.query(
      'CREATE INDEX "IDX_26e348f809912888a653285acc" ON "user_group_map" ("group_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_001ef5ae8e01c0393246146be1" ON "user_group_map" ("user_id")',
    );
    await queryRunner.query('DROP INDEX "IDX_bb3b62eadb05ca38aa3e0c45ca"');
    await queryRunner.query('DROP INDEX "IDX_d8422b78043b2e97b46178189d"');
    await queryRunner.query(
      'CREATE TABLE "temporary_group_role_map" ("group_id" integer NOT NULL, "role_id" integer NOT NULL, CONSTRAINT "FK_bb3b62eadb05ca38aa3e0c45cad" FOREIGN KEY ("group_id") REFERENCES "groups" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_d8422b78043b2e97b46178189d5" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("group_id", "role_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "temporary_group_role_map"("group_id", "role_id") SELECT "group_id", "role_id" FROM "group_role_map"',
    );
    await queryRunner.query('DROP TABLE "group_role_map"');
    await queryRunner.query('ALTER TABLE "temporary_group_role_map" RENAME TO "group_role_map"');
    await queryRunner.query(
      'CREATE INDEX "IDX_bb3b62eadb05ca38aa3e0c45ca" ON "group_role_map" ("group_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_d8422b78043b2e97b46178189d" ON "group_role_map" ("role_id")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "IDX_d8422b78043b2e97b46178189d"');
    await queryRunner.query('DROP INDEX "IDX_bb3b62eadb05ca38aa3e0c45ca"');
    await queryRunner.query('ALTER TABLE "group_role_map" RENAME TO "temporary_group_role_map"');
    await queryRunner.query(
      'CREATE TABLE "group_role_map" ("group_id" integer NOT NULL, "role_id" integer NOT NULL, PRIMARY KEY ("group_id", "role_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "group_role_map"("group_id", "role_id") SELECT "group_id", "role_id" FROM "temporary_group_role_map"',
    );
    await queryRunner.query('DROP TABLE "temporary_group_role_map"');
    await queryRunner.query(
      'CREATE INDEX "IDX_d8422b78043b2e97b46178189d" ON "group_role_map" ("role_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_bb3b62eadb05ca38aa3e0c45ca" ON "group_role_map" ("group_id")',
    );
    await queryRunner.query('DROP INDEX "IDX_001ef5ae8e01c0393246146be1"');
    await queryRunner.query('DROP INDEX "IDX_26e348f809912888a653285acc"');
    await queryRunner.query('ALTER TABLE "user_group_map" RENAME TO "temporary_user_group_map"');
    await queryRunner.query(
      'CREATE TABLE "user_group_map" ("group_id" integer NOT NULL, "user_id" integer NOT NULL, PRIMARY KEY ("group_id", "user_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "user_group_map"("group_id", "user_id") SELECT "group_id", "user_id" FROM "temporary_user_group_map"',
    );
    await queryRunner.query('DROP TABLE "temporary_user_group_map"');
    await queryRunner.query(
      'CREATE INDEX "IDX_001ef5ae8e01c0393246146be1" ON "user_group_map" ("user_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_26e348f809912888a653285acc" ON "user_group_map" ("group_id")',
    );
    await queryRunner.query('DROP INDEX "IDX_1921369410decb985cb151ed0d"');
    await queryRunner.query('DROP INDEX "IDX_546cd06bae706aa0370fa75229"');
    await queryRunner.query('ALTER TABLE "user_role_map" RENAME TO "temporary_user_role_map"');
    await queryRunner.query(
      'CREATE TABLE "user_role_map" ("user_id" integer NOT NULL, "role_id" integer NOT NULL, PRIMARY KEY ("user_id", "role_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "user_role_map"("user_id", "role_id") SELECT "user_id", "role_id" FROM "temporary_user_role_map"',
    );
    await queryRunner.query('DROP TABLE "temporary_user_role_map"');
    await queryRunner.query(
      'CREATE INDEX "IDX_1921369410decb985cb151ed0d" ON "user_role_map" ("role_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_546cd06bae706aa0370fa75229" ON "user_role_map" ("user_id")',
    );
    await queryRunner.query('DROP INDEX "IDX_e6a64a259a2032053983f0f72f"');
    await queryRunner.query('DROP INDEX "IDX_514d4306165f07407dd5e1c6e1"');
    await queryRunner.query(
      'ALTER TABLE "service_role_map" RENAME TO "temporary_service_role_map"',
    );
    await queryRunner.query(
      'CREATE TABLE "service_role_map" ("service_id" integer NOT NULL, "role_id" integer NOT NULL, PRIMARY KEY ("service_id", "role_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "service_role_map"("service_id", "role_id") SELECT "service_id", "role_id" FROM "temporary_service_role_map"',
    );
    await queryRunner.query('DROP TABLE "temporary_service_role_map"');
    await queryRunner.query(
      'CREATE INDEX "IDX_e6a64a259a2032053983f0f72f" ON "service_role_map" ("role_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_514d4306165f07407dd5e1c6e1" ON "service_role_map" ("service_id")',
    );
    await queryRunner.query('ALTER TABLE "shares" RENAME TO "temporary_shares"');
    await queryRunner.query(
      'CREATE TABLE "shares" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "owner_id" integer NOT NULL, "spawner_id" integer NOT NULL, "user_id" integer, "group_id" integer, "scopes" text NOT NULL DEFAULT (\'[]\'), "created_at" datetime NOT NULL)',
    );
    await queryRunner.query(
      'INSERT INTO "shares"("id", "owner_id", "spawner_id", "user_id", "group_id", "scopes", "created_at") SELECT "id", "owner_id", "spawner_id", "user_id", "group_id", "scopes", "created_at" FROM "temporary_shares"',
    );
    await queryRunner.query('DROP TABLE "temporary_shares"');
    await queryRunner.query('DROP INDEX "ix_share_codes_prefix"');
    await queryRunner.query('ALTER TABLE "share_codes" RENAME TO "temporary_share_codes"');
    await queryRunner.query(
      'CREATE TABLE "share_codes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "hashed" varchar(255) NOT NULL, "prefix" varchar(16) NOT NULL, "owner_id" integer NOT NULL, "spawner_id" integer NOT NULL, "scopes" text NOT NULL DEFAULT (\'[]\'), "created_at" datetime NOT NULL, "expires_at" datetime, "exchange_count" integer NOT NULL DEFAULT (0), "last_exchanged_at" datetime)',
    );
    await queryRunner.query(
      'INSERT INTO "share_codes"("id", "hashed", "prefix", "owner_id", "spawner_id", "scopes", "created_at", "expires_at", "exchange_count", "last_exchanged_at") SELECT "id", "hashed", "prefix", "owner_id", "spawner_id", "scopes", "created_at", "expires_at", "exchange_count", "last_exchanged_at" FROM "temporary_share_codes"',
    );
    await queryRunner.query('DROP TABLE "temporary_share_codes"');
    await queryRunner.query('CREATE INDEX "ix_share_codes_prefix" ON "share_codes" ("prefix")');
    await queryRunner.query('ALTER TABLE "spawners" RENAME TO "temporary_spawners"');
    await queryRunner.query(
      'CREATE TABLE "spawners" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "user_id" integer NOT NULL, "server_id" integer, "name" varchar(255) NOT NULL DEFAULT (\'\'), "display_name" varchar(255) NOT NULL DEFAULT (\'\'), "state" text, "started" datetime, "last_activity" datetime, "user_options" text, "oauth_client_id" varchar(255), CONSTRAINT "uq_spawners_user_name" UNIQUE ("user_id", "name"), CONSTRAINT "REL_652ae3d0d6328047506a25ad60" UNIQUE ("server_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "spawners"("id", "user_id", "server_id", "name", "display_name", "state", "started", "last_activity", "user_options", "oauth_client_id") SELECT "id", "user_id", "server_id", "name", "display_name", "state", "started", "last_activity", "user_options", "oauth_client_id" FROM "temporary_spawners"',
    );
    await queryRunner.query('DROP TABLE "temporary_spawners"');
    await queryRunner.query('DROP INDEX "ix_oauth_codes_code"');
    await queryRunner.query('ALTER TABLE "oauth_codes" RENAME TO "temporary_oauth_codes"');
    await queryRunner.query(
      'CREATE TABLE "oauth_codes" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "client_id" varchar(255) NOT NULL, "code" varchar(64) NOT NULL, "expires_at" integer NOT NULL, "redirect_uri" varchar(255) NOT NULL DEFAULT (\'\'), "session_id" varchar(255), "user_id" integer NOT NULL, "scopes" text NOT NULL DEFAULT (\'[]\'), "code_challenge" varchar(255), "code_challenge_method" varchar(255))',
    );
    await queryRunner.query(
      'INSERT INTO "oauth_codes"("id", "client_id", "code", "expires_at", "redirect_uri", "session_id", "user_id", "scopes", "code_challenge", "code_challenge_method") SELECT "id", "client_id", "code", "expires_at", "redirect_uri", "session_id", "user_id", "scopes", "code_challenge", "code_challenge_method" FROM "temporary_oauth_codes"',
    );
    await queryRunner.query('DROP TABLE "temporary_oauth_codes"');
    await queryRunner.query('CREATE INDEX "ix_oauth_codes_code" ON "oauth_codes" ("code")');
    await queryRunner.query('DROP INDEX "ix_api_tokens_prefix"');
    await queryRunner.query('ALTER TABLE "api_tokens" RENAME TO "temporary_api_tokens"');
    await queryRunner.query(
      'CREATE TABLE "api_tokens" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "hashed" varchar(255) NOT NULL, "prefix" varchar(16) NOT NULL, "user_id" integer, "service_id" integer, "client_id" varchar(255) NOT NULL DEFAULT (\'jupyterhub\'), "session_id" varchar(255), "scopes" text NOT NULL DEFAULT (\'[]\'), "note" text NOT NULL DEFAULT (\'\'), "created" datetime NOT NULL, "expires_at" datetime, "last_activity" datetime)',
    );
    await queryRunner.query(
      'INSERT INTO "api_tokens"("id", "hashed", "prefix", "user_id", "service_id", "client_id", "session_id", "scopes", "note", "created", "expires_at", "last_activity") SELECT "id", "hashed", "prefix", "user_id", "service_id", "client_id", "session_id", "scopes", "note", "created", "expires_at", "last_activity" FROM "temporary_api_tokens"',
    );
    await queryRunner.query('DROP TABLE "temporary_api_tokens"');
    await queryRunner.query('CREATE INDEX "ix_api_tokens_prefix" ON "api_tokens" ("prefix")');
    await queryRunner.query('ALTER TABLE "services" RENAME TO "temporary_services"');
    await queryRunner.query(
      'CREATE TABLE "services" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(255) NOT NULL, "admin" boolean NOT NULL DEFAULT (0), "url" varchar(255), "info" text NOT NULL DEFAULT (\'{}\'), "display" boolean NOT NULL DEFAULT (1), "oauth_no_confirm" boolean NOT NULL DEFAULT (0), "oauth_client_id" varchar(255), "from_config" boolean NOT NULL DEFAULT (1), "command" text, "pid" integer NOT NULL DEFAULT (0), "server_id" integer, CONSTRAINT "UQ_019d74f7abcdcb5a0113010cb03" UNIQUE ("name"), CONSTRAINT "REL_b376e5b3d81534c3f2771f8521" UNIQUE ("server_id"))',
    );
    await queryRunner.query(
      'INSERT INTO "services"("id", "name", "admin", "url", "info", "display", "oauth_no_confirm", "oauth_client_id", "from_config", "command", "pid", "server_id") SELECT "id", "name", "admin", "url", "info", "display", "oauth_no_confirm", "oauth_client_id", "from_config", "command", "pid", "server_id" FROM "temporary_services"',
    );
    await queryRunner.query('DROP TABLE "temporary_services"');
    await queryRunner.query('DROP INDEX "IDX_d8422b78043b2e97b46178189d"');
    await queryRunner.query('DROP INDEX "IDX_bb3b62eadb05ca38aa3e0c45ca"');
    await queryRunner.query('DROP TABLE "group_role_map"');
    await queryRunner.query('DROP INDEX "IDX_001ef5ae8e01c0393246146be1"');
    await queryRunner.query('DROP INDEX "IDX_26e348f809912888a653285acc"');
    await queryRunner.query('DROP TABLE "user_group_map"');
    await queryRunner.query('DROP INDEX "IDX_1921369410decb985cb151ed0d"');
    await queryRunner.query('DROP INDEX "IDX_546cd06bae706aa0370fa75229"');
    await queryRunner.query('DROP TABLE "user_role_map"');
    await queryRunner.query('DROP INDEX "IDX_e6a64a259a2032053983f0f72f"');
    await queryRunner.query('DROP INDEX "IDX_514d4306165f07407dd5e1c6e1"');
    await queryRunner.query('DROP TABLE "service_role_map"');
    await queryRunner.query('DROP TABLE "shares"');
    await queryRunner.query('DROP INDEX "ix_share_codes_prefix"');
    await queryRunner.query('DROP TABLE "share_codes"');
    await queryRunner.query('DROP TABLE "spawners"');
    await queryRunner.query('DROP TABLE "roles"');
    await queryRunner.query('DROP INDEX "ix_oauth_codes_code"');
    await queryRunner.query('DROP TABLE "oauth_codes"');
    await queryRunner.query('DROP TABLE "groups"');
    await queryRunner.query('DROP INDEX "ix_api_tokens_prefix"');
    await queryRunner.query('DROP TABLE "api_tokens"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP TABLE "services"');
    await queryRunner.query('DROP TABLE "servers"');
    await queryRunner.query('DROP TABLE "oauth_clients"');
  }
}
