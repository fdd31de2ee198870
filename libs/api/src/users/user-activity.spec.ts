import { HubError } from '@orrery/core';
import { checkActivityShape, parseActivity } from './user-activity';

const NOW = new Date('2026-01-01T12:00:00Z');
const SPAWNERS = new Set(['', 'gpu']);

function failure(run: () => unknown): string | null {
  try {
    run();
  } catch (error) {
    expect((error as HubError).status).toBe(400);
    return (error as HubError).hubMessage;
  }
  return null;
}

function parse(body: unknown) {
  checkActivityShape(body);
  return parseActivity(body, 'alice', SPAWNERS, NOW);
}

const SHAPE = 'servers must be a dict of the form {server_name: {last_activity: timestamp}}';
const NEITHER = 'body must contain at least one of `last_activity` or `servers`';

describe('activity reports', () => {
  it('reads the user time and each server time', () => {
    const report = parse({
      last_activity: '2026-01-01T11:00:00Z',
      servers: { gpu: { last_activity: '2026-01-01T10:00:00.5+01:00' } },
    });
    expect(report.lastActivity).toEqual(new Date('2026-01-01T11:00:00Z'));
    expect(report.servers).toEqual(new Map([['gpu', new Date('2026-01-01T09:00:00.500Z')]]));
  });

  it('treats a naive timestamp as UTC', () => {
    expect(parse({ last_activity: '2026-01-01T11:00:00' }).lastActivity).toEqual(
      new Date('2026-01-01T11:00:00Z'),
    );
  });

  it('accepts a time up to 59 minutes ahead', () => {
    expect(parse({ last_activity: '2026-01-01T12:59:00Z' }).lastActivity).toEqual(
      new Date('2026-01-01T12:59:00Z'),
    );
  });

  it.each([
    [null, 'body must be a json dict'],
    [undefined, 'body must be a json dict'],
    [[], 'body must be a json dict'],
    [{}, NEITHER],
    [{ last_activity: '', servers: {} }, NEITHER],
    [{ servers: [1] }, SHAPE],
    [
      { servers: { nope: { last_activity: '2026-01-01T00:00:00Z' } } },
      "No such server 'nope' for user alice",
    ],
    [{ servers: { gpu: 'x' } }, SHAPE],
    [{ servers: { gpu: {} } }, SHAPE],
    [{ servers: { gpu: { last_activity: 'soon' } } }, "Not a valid timestamp: 'soon'"],
    [{ last_activity: 17 }, 'Not a valid timestamp: 17'],
    [{ last_activity: 'yesterday' }, "Not a valid timestamp: 'yesterday'"],
    [
      { last_activity: '2026-01-01T13:00:00.001Z' },
      'Rejecting activity from more than an hour in the future: 2026-01-01T13:00:00.001000Z',
    ],
  ])('refuses %j with 400', (body, message) => {
    expect(failure(() => parse(body))).toBe(message);
  });

  it('validates servers before the user time, as JupyterHub does', () => {
    expect(
      failure(() => parse({ last_activity: 'bad', servers: { nope: { last_activity: 'x' } } })),
    ).toBe("No such server 'nope' for user alice");
  });
});
