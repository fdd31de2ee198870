import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TextColumn, TimestampColumn } from './columns';

/**
 * An nbgrader course as a hub object (issue 14). `name` is nbgrader's `course_id` and the
 * name of the course's hub service; the LMS context it came from (`lms_platform`: the LTI 1.1
 * consumer key or the LTI 1.3 issuer and deployment; `lms_context_id`) is unique, so two
 * simultaneous first launches from one context make one row; a course from the config or
 * the API has no context (NULLs never collide).
 */
@Entity('courses')
@Index('ix_courses_lms_context', ['lmsPlatform', 'lmsContextId'], { unique: true })
export class CourseEntity {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_courses' })
  id!: number;

  @Index('ix_courses_name', { unique: true })
  @TextColumn('name', { nullable: false })
  name!: string;

  @TextColumn('title')
  title!: string | null;

  @TextColumn('lms_platform')
  lmsPlatform!: string | null;

  @TextColumn('lms_context_id')
  lmsContextId!: string | null;

  @TimestampColumn('created', { nullable: false })
  created!: Date;

  @TimestampColumn('archived')
  archived!: Date | null;

  /** The grader service's last known state: stopped | starting | running | failed. */
  @TextColumn('grader_state', { nullable: false, default: 'stopped' })
  graderState!: string;

  @Column({ name: 'grader_reason', type: 'text', nullable: true })
  graderReason!: string | null;
}
