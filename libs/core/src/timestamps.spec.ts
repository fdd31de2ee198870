import { isoformat, parseTimestamp } from './timestamps';

describe('isoformat', () => {
  it.each([
    ['2026-01-02T03:04:05.123Z', '2026-01-02T03:04:05.123000Z'],
    ['2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05Z'],
  ])('formats %s as %s', (input, expected) => {
    expect(isoformat(new Date(input))).toBe(expected);
  });

  it('returns null for a missing date', () => {
    expect(isoformat(null)).toBeNull();
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2026-01-02T03:04:05.123456Z', '2026-01-02T03:04:05.123Z'],
    ['2026-01-02T03:04:05', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02T05:04:05+02:00', '2026-01-02T03:04:05.000Z'],
  ])('reads %s', (input, expected) => {
    expect(parseTimestamp(input)?.toISOString()).toBe(expected);
  });

  it.each([['yesterday'], [''], [42], ['2026-13-45T99:00:00Z']])('rejects %p', (input) => {
    expect(parseTimestamp(input)).toBeNull();
  });
});
