import { isUniqueViolation } from './unique-violation';

describe('isUniqueViolation', () => {
  it.each([
    [{ driverError: { code: '23505' } }, true],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_UNIQUE' } }, true],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' } }, true],
    [{ driverError: { code: '23503' } }, false],
    [{ driverError: { code: 'SQLITE_BUSY' } }, false],
    [new Error('plain'), false],
    [null, false],
  ])('classifies %j as %s', (error, expected) => {
    expect(isUniqueViolation(error)).toBe(expected);
  });
});
