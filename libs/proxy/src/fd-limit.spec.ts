import { readFdLimit } from './fd-limit';

const limits = (soft: string, hard: string) =>
  'Limit                     Soft Limit           Hard Limit           Units     \n' +
  'Max processes             63459                63459                processes \n' +
  `Max open files            ${soft.padEnd(21)}${hard.padEnd(21)}files     \n`;

describe('readFdLimit', () => {
  it.each([
    ['numbers', limits('1024', '20000'), { soft: 1024, hard: 20000 }],
    ['unlimited', limits('1024', 'unlimited'), { soft: 1024, hard: Infinity }],
    ['no such line', 'Max processes 1 1 processes\n', undefined],
  ])('reads the open-file line of /proc/<pid>/limits: %s', (_name, text, expected) => {
    expect(readFdLimit(text)).toEqual(expected);
  });
});
