import type { LaunchCourse } from '@orrery/auth';
import {
  courseIdCandidates,
  courseIdSource,
  isSafeCourseId,
  MAX_COURSE_ID,
  normaliseCourseId,
} from './course-names';

describe('normaliseCourseId', () => {
  it.each([
    ['PHYS201', 'phys201'],
    ['Data Science 101 (Fall)', 'data-science-101-fall'],
    ['  --Écoles__Été--  ', 'ecoles-ete'],
    ['course-v1:ExampleX+DS101+2026_T1', 'course-v1-examplex-ds101'],
    ['!!!', 'course'],
    ['', 'course'],
  ])('%j -> %j', (raw, id) => {
    expect(normaliseCourseId(raw)).toBe(id);
    expect(isSafeCourseId(normaliseCourseId(raw))).toBe(true);
  });

  it(`keeps at most ${MAX_COURSE_ID} characters without a trailing dash`, () => {
    const id = normaliseCourseId('a'.repeat(23) + ' bcd');
    expect(id).toBe('a'.repeat(23));
  });
});

describe('courseIdCandidates', () => {
  it('starts with the base, then suffixes that are stable per platform and context', () => {
    const one = courseIdCandidates('phys201', 'lti11:k', '12');
    expect(one[0]).toBe('phys201');
    expect(one[1]).toMatch(/^phys201-[0-9a-f]{4}$/);
    expect(courseIdCandidates('phys201', 'lti11:k', '12')).toEqual(one);
    expect(courseIdCandidates('phys201', 'lti11:k', '13')[1]).not.toBe(one[1]);
    expect(courseIdCandidates('phys201', 'lti11:other', '12')[1]).not.toBe(one[1]);
  });

  it('keeps every candidate safe and short for a long base', () => {
    for (const id of courseIdCandidates('x'.repeat(MAX_COURSE_ID), 'p', 'c')) {
      expect(isSafeCourseId(id)).toBe(true);
    }
  });
});

describe('courseIdSource', () => {
  const course: LaunchCourse = {
    id: 'ctx-1',
    label: 'DS101',
    title: 'Data Science',
    roles: [],
    claims: { context_id: 'ctx-1', context_label: 'DS101', custom_course: 'ds-2026' },
  };

  it.each([
    ['context_label', 'DS101'],
    ['context_title', 'Data Science'],
    ['context_id', 'ctx-1'],
    ['custom_course', 'ds-2026'],
    ['custom_missing', 'DS101'],
  ])('%s -> %s', (key, value) => {
    expect(courseIdSource(course, key)).toBe(value);
  });

  it('falls back to the context id when there is no label', () => {
    expect(courseIdSource({ ...course, label: null, claims: {} }, 'context_label')).toBe('ctx-1');
  });
});
