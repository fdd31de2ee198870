import { launchNext, launchResult, launchUsername } from './lti11-identity';

const CANVAS = {
  user_id: '535fa085f22b4655f48cd5a36a9215f64c062838',
  custom_canvas_user_id: '1091',
  custom_canvas_user_login_id: 'Student1@Example.edu',
  lis_person_contact_email_primary: 'student1@example.edu',
  lis_person_sourcedid: 'SIS-0042',
  roles: 'Learner',
  context_id: '4dde05e8ca1973bcca9bffc13e1548820eee93a3',
  context_label: 'DS101',
  context_title: 'Introduction to Data Science',
  oauth_nonce: 'n',
  oauth_signature: 's',
};

const options = { usernameKey: 'custom_canvas_user_id', emailLocalPart: true };

describe('launchUsername', () => {
  it.each([
    ['custom_canvas_user_id', true, '1091'],
    ['user_id', true, CANVAS.user_id],
    ['lis_person_sourcedid', true, 'SIS-0042'],
    ['lis_person_contact_email_primary', true, 'student1'],
    ['lis_person_contact_email_primary', false, 'student1@example.edu'],
    ['custom_canvas_user_login_id', true, 'Student1'],
    ['custom_missing', true, CANVAS.user_id],
  ])('username_key %s (email local part %s) -> %s', (usernameKey, emailLocalPart, name) => {
    expect(launchUsername(CANVAS, { usernameKey, emailLocalPart })).toBe(name);
  });

  it('falls back to user_id when the chosen parameter is empty', () => {
    expect(launchUsername({ user_id: 'u-9', custom_canvas_user_id: '' }, options)).toBe('u-9');
  });
});

describe('launchResult', () => {
  it('keeps the course with the roles, one group per role and the launch as auth state', () => {
    const result = launchResult('canvas-key', { ...CANVAS, roles: 'Instructor,Learner' }, options);
    expect(result).toEqual({
      name: '1091',
      groups: [`${CANVAS.context_id}:instructor`, `${CANVAS.context_id}:learner`],
      course: {
        id: CANVAS.context_id,
        label: 'DS101',
        title: 'Introduction to Data Science',
        roles: ['instructor', 'learner'],
        platform: 'lti11:canvas-key',
        claims: {
          context_id: CANVAS.context_id,
          context_label: 'DS101',
          context_title: 'Introduction to Data Science',
          custom_canvas_user_id: '1091',
          custom_canvas_user_login_id: 'Student1@Example.edu',
        },
      },
      authState: expect.not.objectContaining({ oauth_nonce: expect.anything() }),
      identity: `lti11:canvas-key:${CANVAS.user_id}`,
    });
    expect(result.authState).toMatchObject({ context_title: 'Introduction to Data Science' });
    expect(result.admin).toBeUndefined();
  });

  it('has no label when the launch has none, and no course nor groups without a context', () => {
    const noLabel = launchResult('k', { ...CANVAS, context_label: '' }, options);
    expect(noLabel.course?.label).toBeNull();
    const noContext = launchResult('k', { user_id: 'u', roles: 'Learner' }, options);
    expect(noContext.course).toBeUndefined();
    expect(noContext.groups).toEqual([]);
  });
});

describe('launchNext', () => {
  it('prefers custom_next, then next, else none', () => {
    const gitPull = '/hub/user-redirect/git-pull?repo=https://github.com/x/y&subPath=a.ipynb';
    expect(launchNext({ custom_next: gitPull, next: '/hub/home' })).toBe(gitPull);
    expect(launchNext({ next: '/hub/home' })).toBe('/hub/home');
    expect(launchNext({ custom_next: '' })).toBeNull();
  });
});
