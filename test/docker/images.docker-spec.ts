import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

/**
 * The images of images/ as images/build.sh leaves them in the engine: a container of each runs a
 * real Jupyter server (published on 127.0.0.1 only) with the pinned jupyterhub-singleuser, and
 * serves exactly the nbgrader extensions of its role.
 */
jest.setTimeout(120_000); // each check starts Python in a container: seconds on a loaded machine
const run = promisify(execFile);
const REPO = path.resolve(__dirname, '../..');
const TOKEN = randomBytes(16).toString('hex');
const TEST_LABEL = 'org.orrery.test=images';
/** Four Jupyter servers starting at once on a loaded 2-core machine take a while. */
const READY_WITHIN_MS = 240_000;

const SERVER_EXTENSIONS = [
  'formgrader',
  'assignment_list',
  'course_list',
  'validate_assignment',
] as const;
type ServerExtension = (typeof SERVER_EXTENSIONS)[number];
const LAB_PLUGINS = [
  'formgrader',
  'assignment-list',
  'course-list',
  'create-assignment',
  'validate-assignment',
] as const;
type LabPlugin = (typeof LAB_PLUGINS)[number];
/** A route each server extension adds (nbgrader/server_extensions/<name>/handlers.py). */
const ROUTE_OF: Record<ServerExtension, string> = {
  formgrader: '/formgrader/api/status',
  assignment_list: '/assignments',
  course_list: '/formgraders',
  validate_assignment: '/assignments/validate',
};

interface ImageCase {
  name: string;
  /** nbgrader's server extensions and lab plugins that are on; null: no nbgrader at all. */
  nbgrader: { server: ServerExtension[]; lab: LabPlugin[] } | null;
}
const IMAGES: ImageCase[] = [
  { name: 'singleuser', nbgrader: null },
  { name: 'learner', nbgrader: { server: ['assignment_list'], lab: ['assignment-list'] } },
  { name: 'instructor', nbgrader: { server: ['course_list'], lab: ['course-list'] } },
  {
    name: 'grader',
    nbgrader: { server: ['formgrader'], lab: ['formgrader', 'create-assignment'] },
  },
];

/** NAME=value from a file of the repository. */
function assignment(file: string, pattern: RegExp): string {
  const match = fs.readFileSync(path.join(REPO, file), 'utf8').match(pattern);
  if (!match) throw new Error(`${pattern} not found in ${file}`);
  return match[1];
}
const JUPYTERHUB_PIN = assignment('scripts/python-peers.sh', /^JUPYTERHUB_VERSION=(\S+)$/m);

const docker = async (...args: string[]) =>
  (await run('docker', args, { maxBuffer: 16 << 20 })).stdout;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** jupyter's extension lists colour "enabled" and "disabled" even when not on a terminal. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const stripColours = (text: string) => text.replace(ANSI_COLOUR, '');

interface Server {
  id: string;
  url: string;
}

/** Starts a Jupyter server in a container of the image; resolves once its API answers. */
async function startServer(image: string): Promise<Server> {
  const id = (
    await docker(
      'run',
      '--detach',
      '--label',
      TEST_LABEL,
      '--publish',
      '127.0.0.1::8888',
      image,
      'jupyter',
      'server',
      '--ip=0.0.0.0',
      '--port=8888',
      `--IdentityProvider.token=${TOKEN}`,
    )
  ).trim();
  started.push(id);
  const port = (await docker('port', id, '8888/tcp')).trim().split('\n')[0];
  const url = `http://${port}`;
  const deadline = Date.now() + READY_WITHIN_MS;
  while (Date.now() < deadline) {
    if ((await docker('inspect', '--format', '{{.State.Running}}', id)).trim() !== 'true') {
      throw new Error(`${image} exited:\n${await containerLogs(id)}`);
    }
    if ((await get(url, '/api/status').catch(() => 0)) === 200) return { id, url };
    await sleep(500);
  }
  throw new Error(`${image}: no answer from ${url}/api/status:\n${await containerLogs(id)}`);
}

const containerLogs = async (id: string) => {
  const { stdout, stderr } = await run('docker', ['logs', '--tail', '40', id]);
  return stdout + stderr;
};

const get = async (url: string, route: string) =>
  (
    await fetch(`${url}${route}`, {
      headers: { authorization: `token ${TOKEN}` },
      signal: AbortSignal.timeout(10_000),
    })
  ).status;

const exec = async (server: Server, ...command: string[]) => {
  const { stdout, stderr } = await run('docker', ['exec', server.id, ...command]);
  return stripColours(stdout + stderr);
};

/** nbgrader's server extensions by name with their state, from `jupyter server extension list`. */
function listedServerExtensions(output: string): Map<string, boolean> {
  const states = new Map<string, boolean>();
  for (const match of output.matchAll(/nbgrader\.server_extensions\.(\w+) (enabled|disabled)/g)) {
    states.set(match[1], match[2] === 'enabled');
  }
  return states;
}

/** nbgrader's plugins under "Disabled extensions:" of `jupyter labextension list`, sorted as LAB_PLUGINS. */
function disabledLabPlugins(output: string): LabPlugin[] {
  const section = output.split('Disabled extensions:')[1]?.split(/\n\s*\n/)[0] ?? '';
  const names = [...section.matchAll(/@jupyter\/nbgrader:([\w-]+)/g)].map((match) => match[1]);
  return LAB_PLUGINS.filter((plugin) => names.includes(plugin));
}

const started: string[] = [];
const servers = new Map<string, Server>();

beforeAll(async () => {
  await Promise.all(
    IMAGES.map(async ({ name }) => servers.set(name, await startServer(`orrery/${name}:local`))),
  );
}, READY_WITHIN_MS + 30_000);

afterAll(async () => {
  if (started.length > 0) await docker('rm', '--force', '--volumes', ...started);
}, 60_000);

describe.each(IMAGES)('orrery/$name:local', ({ name, nbgrader }) => {
  const server = () => servers.get(name)!;

  it(`runs jupyterhub-singleuser ${JUPYTERHUB_PIN}, the version of scripts/python-peers.sh`, async () => {
    expect((await exec(server(), 'jupyterhub-singleuser', '--version')).trim()).toBe(
      JUPYTERHUB_PIN,
    );
  });

  it('serves the routes of its own nbgrader server extensions and of no other', async () => {
    const served: Record<string, boolean> = {};
    for (const extension of SERVER_EXTENSIONS) {
      served[extension] = (await get(server().url, ROUTE_OF[extension])) !== 404;
    }
    const expected = Object.fromEntries(
      SERVER_EXTENSIONS.map((extension) => [
        extension,
        nbgrader?.server.includes(extension) ?? false,
      ]),
    );
    expect(served).toEqual(expected);
  });

  if (nbgrader === null) {
    it('has no nbgrader', async () => {
      await expect(exec(server(), 'python', '-c', 'import nbgrader')).rejects.toThrow(
        /No module named/,
      );
    });
    return;
  }

  it('runs the nbgrader version pinned in its Dockerfile', async () => {
    const pinned = assignment(`images/${name}/Dockerfile`, /^ARG NBGRADER_VERSION=(\S+)$/m);
    expect((await exec(server(), 'nbgrader', '--version')).trim()).toMatch(
      new RegExp(`${pinned}$`),
    );
  });

  it('lists its nbgrader server extensions enabled and the others disabled', async () => {
    const listed = listedServerExtensions(
      await exec(server(), 'jupyter', 'server', 'extension', 'list'),
    );
    const expected = new Map(
      SERVER_EXTENSIONS.map((extension) => [extension, nbgrader.server.includes(extension)]),
    );
    expect(listed).toEqual(expected);
  });

  it('disables every nbgrader lab plugin but its own', async () => {
    const output = await exec(server(), 'jupyter', 'labextension', 'list');
    expect(output).toMatch(/@jupyter\/nbgrader v\S+ enabled/);
    expect(disabledLabPlugins(output)).toEqual(
      LAB_PLUGINS.filter((plugin) => !nbgrader.lab.includes(plugin)),
    );
  });
});
