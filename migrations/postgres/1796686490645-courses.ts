import { MigrationInterface, QueryRunner } from 'typeorm';

/** Courses as hub objects (issue 14), unique by name and by the LMS context they came from. */
export class CoursesPostgres1796686490645 implements MigrationInterface {
  name = 'CoursesPostgres1796686490645';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "courses" ("id" SERIAL NOT NULL, "name" character varying(255) NOT NULL, "title" character varying(255), "lms_platform" character varying(255), "lms_context_id" character varying(255), "created" TIMESTAMP NOT NULL, "archived" TIMESTAMP, "grader_state" character varying(255) NOT NULL DEFAULT \'stopped\', "grader_reason" text, CONSTRAINT "pk_courses" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "ix_courses_name" ON "courses" ("name")');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ix_courses_lms_context" ON "courses" ("lms_platform", "lms_context_id")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_courses_lms_context"');
    await queryRunner.query('DROP INDEX "public"."ix_courses_name"');
    await queryRunner.query('DROP TABLE "courses"');
  }
}
