// What the courses module wires in (the seam's CourseGraderPort and the on-demand page).
export { CourseGraders, failureReason } from './course-graders.service';
export type { CourseGradersOptions } from './course-graders.service';
export { GraderOnDemand } from './grader-on-demand';
export type { GraderVisit } from './grader-on-demand';
export { coursePaths, defaultExchangeRoot } from './course-paths';
