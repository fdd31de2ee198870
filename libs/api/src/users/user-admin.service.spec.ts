import { AuthStateCrypt, HubError, SpawnerEntity, UserEntity } from '@orrery/core';
import { SpawnOrchestrator, SpawnRecords } from '@orrery/spawn';
import { DataSource } from 'typeorm';
import { UsersService } from '../domain/users.service';
import { AUTH_STATE_UNAVAILABLE, UserAdminService } from './user-admin.service';

const alice = { id: 1, name: 'alice' } as UserEntity;

/** The service with only what these rules read: the default spawner and the orchestrator. */
function adminWith(options: {
  spawner?: Partial<SpawnerEntity> | null;
  pending?: 'start' | 'stop' | null;
  stopAnswer?: 'stopped' | 'pending';
  crypt?: AuthStateCrypt;
}) {
  const stops: string[] = [];
  const spawners = { findSpawner: async () => options.spawner ?? null } as unknown as SpawnRecords;
  const orchestrator = {
    pending: () => options.pending ?? null,
    stop: async (user: UserEntity) => {
      stops.push(user.name);
      return options.stopAnswer ?? 'stopped';
    },
  } as unknown as SpawnOrchestrator;
  const admin = new UserAdminService(
    {} as DataSource,
    {} as UsersService,
    orchestrator,
    spawners,
    options.crypt ?? new AuthStateCrypt([]),
  );
  return { admin, stops };
}

describe('UserAdminService.stopDefaultServer (before DELETE /users/{name})', () => {
  it('stops a running default server', async () => {
    const { admin, stops } = adminWith({ spawner: { id: 7, serverId: 3 } });
    await admin.stopDefaultServer(alice);
    expect(stops).toEqual(['alice']);
  });

  it('cancels a start in progress (the server has no row yet)', async () => {
    const { admin, stops } = adminWith({ spawner: { id: 7, serverId: null }, pending: 'start' });
    await admin.stopDefaultServer(alice);
    expect(stops).toEqual(['alice']);
  });

  it('leaves a stopped server and a user without one alone', async () => {
    for (const spawner of [{ id: 7, serverId: null }, null]) {
      const { admin, stops } = adminWith({ spawner });
      await admin.stopDefaultServer(alice);
      expect(stops).toEqual([]);
    }
  });

  it('answers 400 while a stop is under way, or when the stop is still pending', async () => {
    const stopping = { spawner: { id: 7, serverId: 3 } };
    for (const options of [
      { ...stopping, pending: 'stop' as const },
      { ...stopping, stopAnswer: 'pending' as const },
    ]) {
      const { admin } = adminWith(options);
      await expect(admin.stopDefaultServer(alice)).rejects.toMatchObject({
        status: 400,
        message: "alice's server is in the process of stopping, please wait.",
      });
    }
  });
});

describe('UserAdminService.update (auth state)', () => {
  it('refuses auth state with 400 when no JUPYTERHUB_CRYPT_KEY is set, before writing', async () => {
    const { admin } = adminWith({});
    const update = admin.update({ ...alice } as UserEntity, { authState: { token: 'x' } });
    await expect(update).rejects.toBeInstanceOf(HubError);
    await expect(update).rejects.toMatchObject({ status: 400, message: AUTH_STATE_UNAVAILABLE });
  });
});
