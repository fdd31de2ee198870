import { Get, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { HubError } from '@orrery/core';
import type { FastifyRequest } from 'fastify';
import { ROUTE_EMPTY_TRAILING_PARAM } from '../auth/needs-scope.decorator';
import {
  listByOwnerOrServer,
  OwnerServerLister,
  OwnerServerRoute,
  requireServer,
} from './owner-server-params';

describe('OwnerServerRoute', () => {
  class Routes {
    @OwnerServerRoute(Get)
    list(): void {}
  }

  it('declares the owner and the server path, with an empty trailing server', () => {
    const handler = Object.getOwnPropertyDescriptor(Routes.prototype, 'list')?.value;
    expect(Reflect.getMetadata(PATH_METADATA, handler)).toEqual([
      ':user_name',
      ':user_name/:server_name',
    ]);
    expect(Reflect.getMetadata(METHOD_METADATA, handler)).toBe(RequestMethod.GET);
    expect(Reflect.getMetadata(ROUTE_EMPTY_TRAILING_PARAM, handler)).toBe('server_name');
  });
});

describe('requireServer', () => {
  it.each(['', 'lab'])('passes the server name %p through', (server) => {
    expect(requireServer(server)).toBe(server);
  });

  it('answers 405 when the path names no server', () => {
    let thrown: unknown = null;
    try {
      requireServer(undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HubError);
    expect((thrown as HubError).status).toBe(405);
  });
});

describe('listByOwnerOrServer', () => {
  const request = {} as FastifyRequest;
  const lister: OwnerServerLister = {
    listByOwner: async (_request, owner) => ({ owner }),
    listByServer: async (_request, owner, server) => ({ owner, server }),
  };

  it.each([
    [undefined, { owner: 'alice' }],
    ['', { owner: 'alice', server: '' }],
    ['lab', { owner: 'alice', server: 'lab' }],
  ])('lists by owner or by server %p', async (server, expected) => {
    await expect(listByOwnerOrServer(lister, request, 'alice', server)).resolves.toEqual(expected);
  });
});
