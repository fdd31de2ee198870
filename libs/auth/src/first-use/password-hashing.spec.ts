import bcrypt from 'bcryptjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { comparePassword, hashPassword } from './password-hashing';

describe('password hashing on its own thread', () => {
  it('makes bcrypt hashes that bcryptjs itself accepts, and checks its hashes', async () => {
    const hashed = await hashPassword('correct horse', 4);
    expect(hashed).toMatch(/^\$2b\$04\$/);
    expect(bcrypt.compareSync('correct horse', hashed)).toBe(true);
    const made = bcrypt.hashSync('battery staple', 4);
    await expect(comparePassword('battery staple', made)).resolves.toBe(true);
    await expect(comparePassword('wrong', made)).resolves.toBe(false);
  });

  it('keeps the event loop turning while a hash runs', async () => {
    // bcryptjs's own async API, on this thread, lets about five turns through a cost-12 hash
    let turns = 0;
    let hashing = true;
    const spin = () => {
      if (!hashing) return;
      turns += 1;
      setImmediate(spin);
    };
    setImmediate(spin);
    await hashPassword('secret', 12);
    hashing = false;
    expect(turns).toBeGreaterThan(50);
  });

  it('answers several calls at once, each with its own result', async () => {
    const made = bcrypt.hashSync('one', 4);
    const results = await Promise.all(
      ['one', 'two', 'one'].map((password) => comparePassword(password, made)),
    );
    expect(results).toEqual([true, false, true]);
  });

  it('rejects a call the hashing library refuses', async () => {
    await expect(comparePassword(undefined as unknown as string, 'x')).rejects.toThrow(/Illegal/);
    await expect(comparePassword('still works', bcrypt.hashSync('still works', 4))).resolves.toBe(
      true,
    );
  });
});

describe('the hashing thread and the process lifetime', () => {
  // run in a child node so that "the process ends on its own" is what is observed
  function runChild(script: string) {
    const dir = mkdtempSync(join(tmpdir(), 'orrery-hashing-'));
    const source = readFileSync(join(__dirname, 'password-hashing.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(dir, 'password-hashing.js'), outputText);
    writeFileSync(join(dir, 'main.js'), script);
    const nodeModules = join(__dirname, '..', '..', '..', '..', 'node_modules');
    const result = spawnSync(process.execPath, [join(dir, 'main.js')], {
      env: { ...process.env, NODE_PATH: nodeModules },
      encoding: 'utf8',
      timeout: 20_000,
    });
    rmSync(dir, { recursive: true, force: true });
    return result;
  }

  it('lets a process end once its hashes are done, and not before', () => {
    const result = runChild(`
      const { hashPassword, comparePassword } = require('./password-hashing.js');
      hashPassword('pw', 4)
        .then((hashed) => comparePassword('pw', hashed))
        .then((ok) => console.log('compared', ok));
    `);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe('compared true');
  });
});
