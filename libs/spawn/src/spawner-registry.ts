import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HubConfig } from '@orrery/core';
import { DataSource } from 'typeorm';
import { LocalUidAllocator } from './local/local-uid-allocator';
import { RemoteTunnels } from './remote/remote-tunnels.service';
import type { Spawner, SpawnerDescriptor, SpawnerLog } from './spawner';
import { SPAWNERS } from './spawners.index';

/** The descriptor `name` picks, by name or alias; an unknown name lists the known ones. */
export function findSpawner(
  name: string,
  descriptors: readonly SpawnerDescriptor[] = SPAWNERS,
): SpawnerDescriptor {
  const found = descriptors.find((d) => d.name === name || d.aliases.includes(name));
  if (!found) {
    const known = descriptors.map((d) => d.name).join(', ');
    throw new Error(`JupyterHub.spawner_class: unknown spawner '${name}' (known: ${known})`);
  }
  return found;
}

/**
 * Builds spawner instances of the configured kind. Instances are cheap and disposable: the
 * orchestrator makes one per operation and restores it from the persisted state.
 */
@Injectable()
export class SpawnerRegistry implements OnModuleInit {
  readonly descriptor: SpawnerDescriptor;
  private readonly logger = new Logger('spawner');
  private prepared: Promise<void> | null = null;
  private readonly uids: LocalUidAllocator;

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(RemoteTunnels) private readonly remoteTunnels: RemoteTunnels,
  ) {
    this.descriptor = findSpawner(config.JupyterHub.spawner_class);
    this.uids = new LocalUidAllocator(dataSource, config.LocalProcessSpawner.uid_range);
  }

  onModuleInit(): Promise<void> {
    return this.prepare();
  }

  /** HTML fields of the spawn form: `Spawner.options_form`, else the spawner kind's own; '' for none. */
  optionsForm(): string {
    return this.config.Spawner.options_form || (this.descriptor.optionsForm?.(this.config) ?? '');
  }

  /** The spawner kind's start-time check, run once; restart recovery waits for it. */
  prepare(): Promise<void> {
    this.prepared ??= this.descriptor.prepare?.(this.config, this.log('', '')) ?? Promise.resolve();
    return this.prepared;
  }

  create(user: { id: number; name: string }, serverName: string): Spawner {
    return this.descriptor.create({
      user,
      serverName,
      config: this.config,
      log: this.log(user.name, serverName),
      allocateUid: (name) => this.uids.uidFor(name),
      remoteTunnels: this.remoteTunnels,
    });
  }

  private log(user: string, server: string): SpawnerLog {
    return {
      info: (message, fields) => this.logger.log({ message, user, server, ...fields }),
      warn: (message, fields) => this.logger.warn({ message, user, server, ...fields }),
    };
  }
}
