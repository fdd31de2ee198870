import { parsePasswdLine } from './system-user';

describe('parsePasswdLine', () => {
  it.each([
    [
      'ada:x:1001:1002:Ada L,,,:/home/ada:/bin/bash',
      'ada',
      { name: 'ada', uid: 1001, gid: 1002, home: '/home/ada', shell: '/bin/bash' },
    ],
    [
      'ada:x:1001:1002::/home/ada:',
      'ada',
      { name: 'ada', uid: 1001, gid: 1002, home: '/home/ada', shell: '' },
    ],
    ['adam:x:1003:1003::/home/adam:/bin/sh', 'ada', null],
    ['# a comment', 'ada', null],
    ['', 'ada', null],
  ])('reads %j for %s', (line, name, entry) => {
    expect(parsePasswdLine(line, name)).toEqual(entry);
  });
});
