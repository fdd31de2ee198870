import { MigrationInterface, QueryRunner } from 'typeorm';

/** JupyterHub's tables (users, servers, spawners, tokens, OAuth, groups, roles, services, shares). */
export class InitialSchemaPostgres1763900000000 implements MigrationInterface {
  name = 'InitialSchemaPostgres1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "oauth_clients" ("id" SERIAL NOT NULL, "identifier" character varying(255) NOT NULL, "description" character varying(255), "secret" character varying(255) NOT NULL DEFAULT \'\', "redirect_uri" character varying(255) NOT NULL DEFAULT \'\', "allowed_scopes" text NOT NULL DEFAULT \'[]\', CONSTRAINT "UQ_e38ecbd776e460edc93aa093cef" UNIQUE ("identifier"), CONSTRAINT "PK_c4759172d3431bae6f04e678e0d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "servers" ("id" SERIAL NOT NULL, "proto" character varying(255) NOT NULL DEFAULT \'http\', "ip" character varying(255) NOT NULL DEFAULT \'\', "port" integer NOT NULL DEFAULT \'0\', "base_url" character varying(255) NOT NULL DEFAULT \'/\', "cookie_name" character varying(255) NOT NULL DEFAULT \'cookie\', CONSTRAINT "PK_c0947efd9f3db2dcc010164d20b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "services" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "admin" boolean NOT NULL DEFAULT false, "url" character varying(255), "info" text NOT NULL DEFAULT \'{}\', "display" boolean NOT NULL DEFAULT true, "oauth_no_confirm" boolean NOT NULL DEFAULT false, "oauth_client_id" character varying(255), "from_config" boolean NOT NULL DEFAULT true, "command" text, "pid" integer NOT NULL DEFAULT \'0\', "server_id" integer, CONSTRAINT "UQ_019d74f7abcdcb5a0113010cb03" UNIQUE ("name"), CONSTRAINT "REL_b376e5b3d81534c3f2771f8521" UNIQUE ("server_id"), CONSTRAINT "PK_ba2d347a3168a296416c6c5ccb2" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "users" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "admin" boolean NOT NULL DEFAULT false, "created" TIMESTAMP NOT NULL, "last_activity" TIMESTAMP, "cookie_id" character varying(255) NOT NULL, "encrypted_auth_state" text, "user_info" text, CONSTRAINT "UQ_51b8b26ac168fbe7d6f5653e6cf" UNIQUE ("name"), CONSTRAINT "UQ_1761e1ce893d9049ba6de762ccd" UNIQUE ("cookie_id"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "api_tokens" ("id" SERIAL NOT NULL, "hashed" character varying(255) NOT NULL, "prefix" character varying(16) NOT NULL, "user_id" integer, "service_id" integer, "client_id" character varying(255) NOT NULL DEFAULT \'jupyterhub\', "session_id" character varying(255), "scopes" text NOT NULL DEFAULT \'[]\', "note" text NOT NULL DEFAULT \'\', "created" TIMESTAMP NOT NULL, "expires_at" TIMESTAMP, "last_activity" TIMESTAMP, CONSTRAINT "PK_c587455266b5fa8dace7194caac" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_api_tokens_prefix" ON "api_tokens" ("prefix")');
    await queryRunner.query(
      'CREATE TABLE "groups" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "properties" text NOT NULL DEFAULT \'{}\', CONSTRAINT "UQ_664ea405ae2a10c264d582ee563" UNIQUE ("name"), CONSTRAINT "PK_659d1483316afb28afd3a90646e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "oauth_codes" ("id" SERIAL NOT NULL, "client_id" character varying(255) NOT NULL, "code" character varying(64) NOT NULL, "expires_at" integer NOT NULL, "redirect_uri" character varying(255) NOT NULL DEFAULT \'\', "session_id" character varying(255), "user_id" integer NOT NULL, "scopes" text NOT NULL DEFAULT \'[]\', "code_challenge" character varying(255), "code_challenge_method" character varying(255), CONSTRAINT "PK_0a64d83f300206d886d9434ffb7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_oauth_codes_code" ON "oauth_codes" ("code")');
    await queryRunner.query(
      'CREATE TABLE "roles" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "description" text, "scopes" text NOT NULL DEFAULT \'[]\', "managed_by_auth" boolean NOT NULL DEFAULT false, CONSTRAINT "UQ_648e3f5447f725579d7d4ffdfb7" UNIQUE ("name"), CONSTRAINT "PK_c1433d71a4838793a49dcad46ab" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "spawners" ("id" SERIAL NOT NULL, "user_id" integer NOT NULL, "server_id" integer, "name" character varying(255) NOT NULL DEFAULT \'\', "display_name" character varying(255) NOT NULL DEFAULT \'\', "state" text, "started" TIMESTAMP, "last_activity" TIMESTAMP, "user_options" text, "oauth_client_id" character varying(255), CONSTRAINT "uq_spawners_user_name" UNIQUE ("user_id", "name"), CONSTRAINT "REL_652ae3d0d6328047506a25ad60" UNIQUE ("server_id"), CONSTRAINT "PK_e327b254d661cf40296aa0be2f0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "share_codes" ("id" SERIAL NOT NULL, "hashed" character varying(255) NOT NULL, "prefix" character varying(16) NOT NULL, "owner_id" integer NOT NULL, "spawner_id" integer NOT NULL, "scopes" text NOT NULL DEFAULT \'[]\', "created_at" TIMESTAMP NOT NULL, "expires_at" TIMESTAMP, "exchange_count" integer NOT NULL DEFAULT \'0\', "last_exchanged_at" TIMESTAMP, CONSTRAINT "PK_e984cad5b5c4e4e046971fd27da" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "ix_share_codes_prefix" ON "share_codes" ("prefix")');
    await queryRunner.query(
      'CREATE TABLE "shares" ("id" SERIAL NOT NULL, "owner_id" integer NOT NULL, "spawner_id" integer NOT NULL, "user_id" integer, "group_id" integer, "scopes" text NOT NULL DEFAULT \'[]\', "created_at" TIMESTAMP NOT NULL, CONSTRAINT "PK_b88473409066c43c2ccb1894a82" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "service_role_map" ("service_id" integer NOT NULL, "role_id" integer NOT NULL, CONSTRAINT "PK_7c608f370715a0c208038863339" PRIMARY KEY ("service_id", "role_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_514d4306165f07407dd5e1c6e1" ON "service_role_map" ("service_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_e6a64a259a2032053983f0f72f" ON "service_role_map" ("role_id")',
    );
    await queryRunner.query(
      'CREATE TABLE "user_role_map" ("user_id" integer NOT NULL, "role_id" integer NOT NULL, CONSTRAINT "PK_170a2c4044742d9c4eda80897d6" PRIMARY KEY ("user_id", "role_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_546cd06bae706aa0370fa75229" ON "user_role_map" ("user_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_1921369410decb985cb151ed0d" ON "user_role_map" ("role_id")',
    );
    await queryRunner.query(
      'CREATE TABLE "user_group_map" ("group_id" integer NOT NULL, "user_id" integer NOT NULL, CONSTRAINT "PK_b74c8614228cc813922774b9399" PRIMARY KEY ("group_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_26e348f809912888a653285acc" ON "user_group_map" ("group_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_001ef5ae8e01c0393246146be1" ON "user_group_map" ("user_id")',
    );
    await queryRunner.query(
      'CREATE TABLE "group_role_map" ("group_id" integer NOT NULL, "role_id" integer NOT NULL, CONSTRAINT "PK_2c3575a7524da3cceb66efd761a" PRIMARY KEY ("group_id", "role_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_bb3b62eadb05ca38aa3e0c45ca" ON "group_role_map" ("group_id")',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_d8422b78043b2e97b46178189d" ON "group_role_map" ("role_id")',
    );
    await queryRunner.query(
      'ALTER TABLE "services" ADD CONSTRAINT "FK_b376e5b3d81534c3f2771f85219" FOREIGN KEY ("server_id") REFERENCES "servers"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "api_tokens" ADD CONSTRAINT "FK_b74883f5884a42fd8496d389b25" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "api_tokens" ADD CONSTRAINT "FK_5f716fe57e324536abd5b74091d" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "api_tokens" ADD CONSTRAINT "FK_598309ba819f7f2702d8d32bb12" FOREIGN KEY ("client_id") REFERENCES "oauth_clients"("identifier") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_codes" ADD CONSTRAINT "FK_2077e3dc1a24a08e0e992752b13" FOREIGN KEY ("client_id") REFERENCES "oauth_clients"("identifier") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_codes" ADD CONSTRAINT "FK_d0ce2fa7498d76130e2df00d521" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "spawners" ADD CONSTRAINT "FK_7a86b1e2092bc7ab52d900c4f80" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "spawners" ADD CONSTRAINT "FK_652ae3d0d6328047506a25ad607" FOREIGN KEY ("server_id") REFERENCES "servers"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "spawners" ADD CONSTRAINT "FK_8758b46f4d7c0322c097a90bdd6" FOREIGN KEY ("oauth_client_id") REFERENCES "oauth_clients"("identifier") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "share_codes" ADD CONSTRAINT "FK_e8b6209f4ed6b85630c5cdca227" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "share_codes" ADD CONSTRAINT "FK_25fbb2b95a5623d415f193e6dc5" FOREIGN KEY ("spawner_id") REFERENCES "spawners"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shares" ADD CONSTRAINT "FK_d64c6ff3485c225887212efc15e" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shares" ADD CONSTRAINT "FK_097f49c90ca75c616ea10dbe2c7" FOREIGN KEY ("spawner_id") REFERENCES "spawners"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shares" ADD CONSTRAINT "FK_a8aded2f90f448876f7fe63eab4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "shares" ADD CONSTRAINT "FK_9650994d4c67f6d52592935712f" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "service_role_map" ADD CONSTRAINT "FK_514d4306165f07407dd5e1c6e19" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE "service_role_map" ADD CONSTRAINT "FK_e6a64a259a2032053983f0f72f9" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user_role_map" ADD CONSTRAINT "FK_546cd06bae706aa0370fa752292" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE "user_role_map" ADD CONSTRAINT "FK_1921369410decb985cb151ed0db" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user_group_map" ADD CONSTRAINT "FK_26e348f809912888a653285acc3" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE "user_group_map" ADD CONSTRAINT "FK_001ef5ae8e01c0393246146be1c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "group_role_map" ADD CONSTRAINT "FK_bb3b62eadb05ca38aa3e0c45cad" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    );
    await queryRunner.query(
      'ALTER TABLE "group_role_map" ADD CONSTRAINT "FK_d8422b78043b2e97b46178189d5" FOREIGN KEY ("role_id") REFERENCES "roles"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "group_role_map" DROP CONSTRAINT "FK_d8422b78043b2e97b46178189d5"',
    );
    await queryRunner.query(
      'ALTER TABLE "group_role_map" DROP CONSTRAINT "FK_bb3b62eadb05ca38aa3e0c45cad"',
    );
    await queryRunner.query(
      'ALTER TABLE "user_group_map" DROP CONSTRAINT "FK_001ef5ae8e01c0393246146be1c"',
    );
    await queryRunner.query(
      'ALTER TABLE "user_group_map" DROP CONSTRAINT "FK_26e348f809912888a653285acc3"',
    );
    await queryRunner.query(
      'ALTER TABLE "user_role_map" DROP CONSTRAINT "FK_1921369410decb985cb151ed0db"',
    );
    await queryRunner.query(
      'ALTER TABLE "user_role_map" DROP CONSTRAINT "FK_546cd06bae706aa0370fa752292"',
    );
    await queryRunner.query(
      'ALTER TABLE "service_role_map" DROP CONSTRAINT "FK_e6a64a259a2032053983f0f72f9"',
    );
    await queryRunner.query(
      'ALTER TABLE "service_role_map" DROP CONSTRAINT "FK_514d4306165f07407dd5e1c6e19"',
    );
    await queryRunner.query(
      'ALTER TABLE "shares" DROP CONSTRAINT "FK_9650994d4c67f6d52592935712f"',
    );
    await queryRunner.query(
      'ALTER TABLE "shares" DROP CONSTRAINT "FK_a8aded2f90f448876f7fe63eab4"',
    );
    await queryRunner.query(
      'ALTER TABLE "shares" DROP CONSTRAINT "FK_097f49c90ca75c616ea10dbe2c7"',
    );
    await queryRunner.query(
      'ALTER TABLE "shares" DROP CONSTRAINT "FK_d64c6ff3485c225887212efc15e"',
    );
    await queryRunner.query(
      'ALTER TABLE "share_codes" DROP CONSTRAINT "FK_25fbb2b95a5623d415f193e6dc5"',
    );
    await queryRunner.query(
      'ALTER TABLE "share_codes" DROP CONSTRAINT "FK_e8b6209f4ed6b85630c5cdca227"',
    );
    await queryRunner.query(
      'ALTER TABLE "spawners" DROP CONSTRAINT "FK_8758b46f4d7c0322c097a90bdd6"',
    );
    await queryRunner.query(
      'ALTER TABLE "spawners" DROP CONSTRAINT "FK_652ae3d0d6328047506a25ad607"',
    );
    await queryRunner.query(
      'ALTER TABLE "spawners" DROP CONSTRAINT "FK_7a86b1e2092bc7ab52d900c4f80"',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_codes" DROP CONSTRAINT "FK_d0ce2fa7498d76130e2df00d521"',
    );
    await queryRunner.query(
      'ALTER TABLE "oauth_codes" DROP CONSTRAINT "FK_2077e3dc1a24a08e0e992752b13"',
    );
    await queryRunner.query(
      'ALTER TABLE "api_tokens" DROP CONSTRAINT "FK_598309ba819f7f2702d8d32bb12"',
    );
    await queryRunner.query(
      'ALTER TABLE "api_tokens" DROP CONSTRAINT "FK_5f716fe57e324536abd5b74091d"',
    );
    await queryRunner.query(
      'ALTER TABLE "api_tokens" DROP CONSTRAINT "FK_b74883f5884a42fd8496d389b25"',
    );
    await queryRunner.query(
      'ALTER TABLE "services" DROP CONSTRAINT "FK_b376e5b3d81534c3f2771f85219"',
    );
    await queryRunner.query('DROP INDEX "public"."IDX_d8422b78043b2e97b46178189d"');
    await queryRunner.query('DROP INDEX "public"."IDX_bb3b62eadb05ca38aa3e0c45ca"');
    await queryRunner.query('DROP TABLE "group_role_map"');
    await queryRunner.query('DROP INDEX "public"."IDX_001ef5ae8e01c0393246146be1"');
    await queryRunner.query('DROP INDEX "public"."IDX_26e348f809912888a653285acc"');
    await queryRunner.query('DROP TABLE "user_group_map"');
    await queryRunner.query('DROP INDEX "public"."IDX_1921369410decb985cb151ed0d"');
    await queryRunner.query('DROP INDEX "public"."IDX_546cd06bae706aa0370fa75229"');
    await queryRunner.query('DROP TABLE "user_role_map"');
    await queryRunner.query('DROP INDEX "public"."IDX_e6a64a259a2032053983f0f72f"');
    await queryRunner.query('DROP INDEX "public"."IDX_514d4306165f07407dd5e1c6e1"');
    await queryRunner.query('DROP TABLE "service_role_map"');
    await queryRunner.query('DROP TABLE "shares"');
    await queryRunner.query('DROP INDEX "public"."ix_share_codes_prefix"');
    await queryRunner.query('DROP TABLE "share_codes"');
    await queryRunner.query('DROP TABLE "spawners"');
    await queryRunner.query('DROP TABLE "roles"');
    await queryRunner.query('DROP INDEX "public"."ix_oauth_codes_code"');
    await queryRunner.query('DROP TABLE "oauth_codes"');
    await queryRunner.query('DROP TABLE "groups"');
    await queryRunner.query('DROP INDEX "public"."ix_api_tokens_prefix"');
    await queryRunner.query('DROP TABLE "api_tokens"');
    await queryRunner.query('DROP TABLE "users"');
    await queryRunner.query('DROP TABLE "services"');
    await queryRunner.query('DROP TABLE "servers"');
    await queryRunner.query('DROP TABLE "oauth_clients"');
  }
}
