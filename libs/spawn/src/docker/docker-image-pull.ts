import type { HubConfig, PullPolicy } from '@orrery/core';
import type Dockerode from 'dockerode';
import type { SpawnerLog } from '../spawner';
import { dockerMessage, dockerStatus } from './docker-errors';
import { configuredImages } from './docker-images';

export class ImageUnavailable extends Error {}

async function present(docker: Dockerode, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if (dockerStatus(error) === 404) return false;
    throw new ImageUnavailable(`Image ${image} could not be checked: ${dockerMessage(error)}`);
  }
}

/** Pulls an image to the end of the engine's progress stream; `status` hears each step. */
async function pull(docker: Dockerode, image: string, status: (text: string) => void) {
  try {
    const stream = await docker.pull(image);
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve()),
        (event: { status?: string; id?: string }) =>
          event.status && status(event.id ? `${event.status} ${event.id}` : event.status),
      ),
    );
  } catch (error) {
    throw new ImageUnavailable(`Image ${image} could not be pulled: ${dockerMessage(error)}`);
  }
}

/**
 * Makes `image` available as `pull_policy` says (DockerSpawner's pull_image): `skip` checks
 * nothing, `always` pulls, `never` demands it be present, `ifnotpresent` pulls a missing one.
 */
export async function ensureImage(
  docker: Dockerode,
  image: string,
  policy: PullPolicy,
  status: (text: string) => void = () => undefined,
): Promise<void> {
  if (policy === 'skip') return;
  if (policy === 'always') return pull(docker, image, status);
  if (await present(docker, image)) return;
  if (policy === 'never') {
    throw new ImageUnavailable(
      `Image ${image} is not present and DockerSpawner.pull_policy is never`,
    );
  }
  status(`Pulling image ${image}`);
  await pull(docker, image, status);
}

/**
 * The hub's start-time check: the engine answers and every configured image is there or
 * pullable (pulled now, so the first start does not wait). Every missing image is named.
 */
export async function prepareImages(
  docker: Dockerode,
  config: HubConfig,
  log: SpawnerLog,
): Promise<void> {
  const settings = config.DockerSpawner;
  try {
    await docker.ping();
  } catch (error) {
    throw new Error(`DockerSpawner: ${dockerMessage(error)}`);
  }
  const problems: string[] = [];
  for (const image of configuredImages(settings)) {
    try {
      await ensureImage(docker, image, settings.pull_policy, (text) => log.info(text, { image }));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length) {
    throw new Error(
      `DockerSpawner: ${problems.length} configured image(s) missing: ${problems.join('; ')}`,
    );
  }
  log.info('every configured image is available', { policy: settings.pull_policy });
}
