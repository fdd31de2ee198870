import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { NeedsScope } from '@orrery/api';
import { CourseCheck, CourseCheckService } from './course-check.service';
import {
  parseAddMembers,
  parseCreateCourse,
  parseRemoveMembers,
  withData,
} from './course-requests';
import { CourseModel, CoursesService } from './courses.service';

/**
 * `/hub/api/courses`: Orrery's extension (JupyterHub has no courses), under the `orrery:`
 * scopes. Thin: parse, authorise on the route, delegate to CoursesService.
 */
@Controller('api/courses')
export class CoursesController {
  constructor(
    @Inject(CoursesService) private readonly courses: CoursesService,
    @Inject(CourseCheckService) private readonly checks: CourseCheckService,
  ) {}

  @Get()
  @NeedsScope('orrery:read:courses')
  list(): Promise<CourseModel[]> {
    return this.courses.list();
  }

  @Get(':course_id')
  @NeedsScope('orrery:read:courses')
  get(@Param('course_id') name: string): Promise<CourseModel> {
    return this.courses.get(name);
  }

  @Post(':course_id')
  @HttpCode(201)
  @NeedsScope('orrery:courses')
  create(@Param('course_id') name: string, @Body() body: unknown): Promise<CourseModel> {
    return this.courses.create(name, parseCreateCourse(body).title);
  }

  @Delete(':course_id')
  @HttpCode(204)
  @NeedsScope('orrery:courses')
  async delete(
    @Param('course_id') name: string,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    await this.courses.delete(name, withData(query));
  }

  @Post(':course_id/members')
  @HttpCode(200)
  @NeedsScope('orrery:courses')
  addMembers(@Param('course_id') name: string, @Body() body: unknown): Promise<CourseModel> {
    const { group, users } = parseAddMembers(body);
    return this.courses.addMembers(name, group, users);
  }

  @Delete(':course_id/members')
  @NeedsScope('orrery:courses')
  removeMembers(@Param('course_id') name: string, @Body() body: unknown): Promise<CourseModel> {
    return this.courses.removeMembers(name, parseRemoveMembers(body).users);
  }

  @Post(':course_id/archive')
  @HttpCode(200)
  @NeedsScope('orrery:courses')
  archive(@Param('course_id') name: string): Promise<CourseModel> {
    return this.courses.archive(name);
  }

  @Post(':course_id/grader')
  @HttpCode(200)
  @NeedsScope('orrery:courses')
  startGrader(@Param('course_id') name: string): Promise<CourseModel> {
    return this.courses.startGrader(name);
  }

  @Get(':course_id/check')
  @NeedsScope('orrery:read:courses')
  check(@Param('course_id') name: string): Promise<CourseCheck> {
    return this.checks.check(name);
  }
}
