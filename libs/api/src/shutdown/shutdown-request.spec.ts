import { HubError } from '@orrery/core';
import { parseShutdownRequest } from './shutdown-request';

function outcome(body: unknown): unknown {
  try {
    return parseShutdownRequest(body);
  } catch (error) {
    return { status: (error as HubError).status, message: (error as HubError).hubMessage };
  }
}

describe('parseShutdownRequest', () => {
  it.each([
    [undefined, { servers: null, proxy: null }],
    [null, { servers: null, proxy: null }],
    [{}, { servers: null, proxy: null }],
    [[], { servers: null, proxy: null }],
    [{ other: 1 }, { servers: null, proxy: null }],
    [{ servers: true }, { servers: true, proxy: null }],
    [
      { servers: false, proxy: true },
      { servers: false, proxy: true },
    ],
    [{ proxy: 'yes' }, { status: 400, message: "proxy must be true or false, got 'yes'" }],
    [{ servers: 0 }, { status: 400, message: 'servers must be true or false, got 0' }],
    [{ servers: null }, { status: 400, message: 'servers must be true or false, got None' }],
    [['proxy'], { status: 400, message: "Invalid JSON data: ['proxy']" }],
    ['proxy', { status: 400, message: "Invalid JSON data: 'proxy'" }],
  ])('reads %j', (body, expected) => {
    expect(outcome(body)).toEqual(expected);
  });
});
