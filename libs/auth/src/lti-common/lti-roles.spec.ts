import { courseGroups, courseRoles } from './lti-roles';

const V2 = 'http://purl.imsglobal.org/vocab/lis/v2';

describe('courseRoles', () => {
  it.each([
    ['LTI 1.1 short learner', 'Learner', ['learner']],
    ['LTI 1.1 short instructor and learner', 'Instructor,Learner', ['instructor', 'learner']],
    ['LTI 1.1 short teaching assistant', 'TeachingAssistant', ['ta']],
    ['LTI 1.1 URN instructor', 'urn:lti:role:ims/lis/Instructor', ['instructor']],
    ['LTI 1.1 URN TA sub-role', 'urn:lti:role:ims/lis/Instructor/TeachingAssistant', ['ta']],
    ['LTI 1.1 URN TA', 'urn:lti:role:ims/lis/TeachingAssistant', ['ta']],
    ['LTI 1.1 institution student', 'urn:lti:instrole:ims/lis/Student', ['learner']],
    ['LTI 1.1 institution faculty', 'urn:lti:instrole:ims/lis/Faculty', ['instructor']],
    ['LTI 1.1 system admin is no course role', 'urn:lti:sysrole:ims/lis/Administrator', []],
    ['spaces around commas', ' Learner , Instructor ', ['instructor', 'learner']],
    ['other roles are dropped', 'ContentDeveloper,Mentor,urn:lti:role:ims/lis/Mentor', []],
  ])('%s', (_name, roles, expected) => {
    expect(courseRoles(roles)).toEqual(expected);
  });

  it.each([
    ['1.3 context learner', [`${V2}/membership#Learner`], ['learner']],
    ['1.3 context instructor', [`${V2}/membership#Instructor`], ['instructor']],
    ['1.3 TA sub-role', [`${V2}/membership/Instructor#TeachingAssistant`], ['ta']],
    ['1.3 TA sub-role, hash form', [`${V2}/membership#Instructor#TeachingAssistant`], ['ta']],
    ['1.3 TA section sub-role', [`${V2}/membership/Instructor#TeachingAssistantSection`], ['ta']],
    ['1.3 grader is an instructor', [`${V2}/membership/Instructor#Grader`], ['instructor']],
    ['1.3 institution student', [`${V2}/institution/person#Student`], ['learner']],
    ['1.3 institution faculty', [`${V2}/institution/person#Faculty`], ['instructor']],
    ['1.3 system administrator', [`${V2}/system/person#Administrator`], []],
    ['1.3 mentor is dropped', [`${V2}/membership#Mentor`], []],
    [
      '1.3 each role once, instructor first',
      [
        `${V2}/membership#Learner`,
        `${V2}/institution/person#Student`,
        `${V2}/membership#Instructor`,
      ],
      ['instructor', 'learner'],
    ],
    ['a foreign URL is no role', ['https://example.org/roles#Instructor'], []],
    ['none', undefined, []],
  ])('%s', (_name, roles, expected) => {
    expect(courseRoles(roles as string[] | undefined)).toEqual(expected);
  });
});

describe('courseGroups', () => {
  it('names one group per role of the course', () => {
    const course = { id: 'c-42', label: 'PHY', title: 'Physics', roles: ['instructor', 'ta'] };
    expect(courseGroups(course)).toEqual(['c-42:instructor', 'c-42:ta']);
  });

  it('is empty without a course', () => {
    expect(courseGroups(undefined)).toEqual([]);
  });
});
