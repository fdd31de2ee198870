import { MigrationInterface, QueryRunner } from 'typeorm';

/** Courses as hub objects (issue 14), unique by name and by the LMS context they came from. */
export class CoursesSqlite1796686490645 implements MigrationInterface {
  name = 'CoursesSqlite1796686490645';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "courses" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(255) NOT NULL, "title" varchar(255), "lms_platform" varchar(255), "lms_context_id" varchar(255), "created" datetime NOT NULL, "archived" datetime, "grader_state" varchar(255) NOT NULL DEFAULT (\'stopped\'), "grader_reason" text)',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "ix_courses_name" ON "courses" ("name")');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "ix_courses_lms_context" ON "courses" ("lms_platform", "lms_context_id")',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_courses_lms_context"');
    await queryRunner.query('DROP INDEX "ix_courses_name"');
    await queryRunner.query('DROP TABLE "courses"');
  }
}
