import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { singleuserReport } from './singleuser-version';

/** A venv in miniature: a "python" that answers the version import with `version`. */
function fakeVenv(dir: string, version: string): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const python = path.join(bin, 'python');
  fs.writeFileSync(python, `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
  const server = path.join(bin, 'jupyterhub-singleuser');
  fs.writeFileSync(server, `#!${python}\n`, { mode: 0o755 });
  return bin;
}

describe('singleuserReport', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-singleuser-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says which jupyterhub-singleuser servers run, with its version', () => {
    const bin = fakeVenv(dir, '6.1.1');
    expect(singleuserReport(['jupyterhub-singleuser'], `${bin}:/usr/bin`)).toEqual({
      level: 'info',
      message: `servers run ${bin}/jupyterhub-singleuser (jupyterhub 6.1.1)`,
    });
  });

  it.each(['3.0.0', '4.0.2'])('warns about jupyterhub-singleuser %s, older than 4.1', (version) => {
    const bin = fakeVenv(dir, version);
    const report = singleuserReport(['jupyterhub-singleuser'], bin);
    expect(report.level).toBe('warn');
    expect(report.message).toContain(`(jupyterhub ${version}), older than the 4.1`);
  });

  it('takes 4.1 and later', () => {
    expect(singleuserReport(['jupyterhub-singleuser'], fakeVenv(dir, '4.1.6')).level).toBe('info');
  });

  it('warns when the command is on no folder of the PATH', () => {
    const report = singleuserReport(['jupyterhub-singleuser'], dir);
    expect(report).toMatchObject({ level: 'warn' });
    expect(report.message).toContain('is not on the PATH: every server start will fail');
  });

  it('names a command that is not a Python script without a version', () => {
    expect(singleuserReport(['/bin/sh'], '')).toEqual({
      level: 'info',
      message: 'servers run /bin/sh',
    });
  });
});
