import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '@orrery/core';
import { parse } from 'yaml';

/**
 * images/docker-compose.yml as Debian's docker-compose (v1) reads it: `config` resolves the file
 * without starting anything, so this needs neither the hub image nor a registry.
 */
const run = promisify(execFile);
const COMPOSE_FILE = path.resolve(__dirname, '../../images/docker-compose.yml');
const HUB_CONFIG_FILE = path.resolve(__dirname, '../../images/compose/orrery.yaml');
const SECRETS = { POSTGRES_PASSWORD: 'pg-secret', CONFIGPROXY_AUTH_TOKEN: 'proxy-secret' };

/** `docker-compose config` with only PATH and the given variables in its environment. */
const composeConfig = (env: Record<string, string>) =>
  run('docker-compose', ['--file', COMPOSE_FILE, '--project-name', 'orrery-test', 'config'], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });

interface ComposeService {
  image: string;
  environment?: Record<string, string>;
  ports?: { target: number; published: number | string }[];
  /** v1 writes them in the short form SOURCE:TARGET:MODE. */
  volumes?: string[];
  networks?: Record<string, unknown>;
}

describe('images/docker-compose.yml', () => {
  it('runs the hub, the proxy and PostgreSQL on the orrery network, the secrets from the environment', async () => {
    const config = parse((await composeConfig(SECRETS)).stdout) as {
      services: Record<string, ComposeService>;
      networks: Record<string, { name: string }>;
    };
    expect(Object.keys(config.services).sort()).toEqual(['db', 'hub', 'proxy']);
    const { hub, proxy, db } = config.services;
    expect(proxy.ports).toEqual([expect.objectContaining({ target: 8000, published: 8000 })]);
    expect(hub.ports ?? []).toEqual([]);
    expect(db.ports ?? []).toEqual([]);
    expect(hub.environment?.ORRERY_JUPYTERHUB__DB_URL).toBe(
      'postgresql://orrery:pg-secret@db:5432/orrery',
    );
    expect(hub.environment?.CONFIGPROXY_AUTH_TOKEN).toBe('proxy-secret');
    expect(proxy.environment?.CONFIGPROXY_AUTH_TOKEN).toBe('proxy-secret');
    expect(db.environment?.POSTGRES_PASSWORD).toBe('pg-secret');
    expect(hub.volumes).toEqual(
      expect.arrayContaining([
        `${HUB_CONFIG_FILE}:/etc/orrery/orrery.yaml:ro`,
        '/var/run/docker.sock:/var/run/docker.sock:rw',
      ]),
    );
    expect(config.networks.orrery.name).toBe('orrery');
  }, 60_000);

  it.each(Object.keys(SECRETS))(
    'refuses to resolve without %s',
    async (missing) => {
      const env = Object.fromEntries(Object.entries(SECRETS).filter(([name]) => name !== missing));
      await expect(composeConfig(env)).rejects.toMatchObject({
        stderr: expect.stringContaining(missing),
      });
    },
    60_000,
  );

  it('mounts a hub config that Orrery accepts: docker spawner on the compose network, external proxy, PostgreSQL', () => {
    const config = loadConfig({
      file: HUB_CONFIG_FILE,
      env: { ORRERY_JUPYTERHUB__DB_URL: 'postgresql://orrery:pg-secret@db:5432/orrery' },
    });
    expect(config.JupyterHub.spawner_class).toBe('docker');
    expect(config.JupyterHub.proxy).toBe('external');
    expect(config.JupyterHub.hub_connect_url).toBe('http://hub:8081');
    expect(config.ConfigurableHTTPProxy.api_url).toBe('http://proxy:8001');
    expect(config.DockerSpawner.network_name).toBe('orrery');
    expect(config.JupyterHub.db_url).toMatch(/^postgresql:/);
  });
});
