import {
  CommandKey,
  IntegerKey,
  ListOfKey,
  TextKey,
  TextListKey,
  BooleanKey,
} from './config-key.decorators';
import { ConfigSection } from './config-key.registry';
import { checkNotEmpty } from './config-formats';

/** One entry of `Courses.courses`: a course without an LMS, synced at every start. */
export class CourseSpec {
  @TextKey('Course id: nbgrader course_id and the name of its hub service.', {
    check: checkNotEmpty,
  })
  name!: string;

  @TextKey('Title shown to people.', { optional: true })
  title?: string;

  @TextListKey('Hub users who are instructors of the course.', { optional: true })
  instructors?: string[];

  @TextListKey('Hub users who are teaching assistants of the course.', { optional: true })
  tas?: string[];

  @TextListKey('Hub users who are learners of the course.', { optional: true })
  learners?: string[];
}

@ConfigSection(
  "Orrery's courses: nbgrader course services created at runtime from LMS launches (issue 14).",
)
export class CoursesConfig {
  @BooleanKey('Turn courses on; off, LMS launches only log people in, as JupyterHub does.')
  enabled = false;

  @TextKey('Where course storage lives (relative: inside JupyterHub.data_dir).')
  root = 'courses';

  @TextKey(
    'The launch claim the course id comes from (LTI 1.1 parameter or LTI 1.3 context claim field).',
    { check: checkNotEmpty },
  )
  course_id_key = 'context_label';

  @TextKey('The nbgrader exchange root (relative: inside root); empty: <root>/exchange.', {
    optional: true,
  })
  exchange_root: string | null = null;

  @CommandKey("The grader service's command; unset: Spawner.cmd.", { optional: true })
  grader_cmd: string[] | null = null;

  @TextKey("The grader service's image with the Docker spawner; empty: the grader image.", {
    optional: true,
  })
  grader_image: string | null = null;

  @IntegerKey('Seconds without use after which a course grader service is stopped; 0: never.')
  grader_idle_timeout = 3600;

  @ListOfKey('Courses declared in the config, synced at every start.', () => CourseSpec)
  courses: CourseSpec[] = [];
}
