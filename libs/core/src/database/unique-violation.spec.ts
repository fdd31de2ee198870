import { isUniqueViolation, retryOnceOnUniqueViolation } from './unique-violation';

const violation = Object.assign(new Error('duplicate key'), { driverError: { code: '23505' } });

describe('isUniqueViolation', () => {
  it.each([
    [{ driverError: { code: '23505' } }, true],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_UNIQUE' } }, true],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' } }, true],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' } }, false],
    [{ driverError: { code: 'SQLITE_CONSTRAINT_NOTNULL' } }, false],
    [{ driverError: { code: '23503' } }, false],
    [{ driverError: { code: 'SQLITE_BUSY' } }, false],
    [new Error('plain'), false],
    [null, false],
  ])('classifies %j as %s', (error, expected) => {
    expect(isUniqueViolation(error)).toBe(expected);
  });
});

describe('retryOnceOnUniqueViolation', () => {
  it('runs the work again after a unique violation and returns its second answer', async () => {
    const work = jest.fn().mockRejectedValueOnce(violation).mockResolvedValueOnce('second');
    await expect(retryOnceOnUniqueViolation(work)).resolves.toBe('second');
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('does not run the work again after any other error', async () => {
    const work = jest.fn().mockRejectedValue(new Error('other'));
    await expect(retryOnceOnUniqueViolation(work)).rejects.toThrow('other');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('gives up after the second violation', async () => {
    const work = jest.fn().mockRejectedValue(violation);
    await expect(retryOnceOnUniqueViolation(work)).rejects.toBe(violation);
    expect(work).toHaveBeenCalledTimes(2);
  });
});
