import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/**
 * Lints one import in a file of each lib with the repository's own ESLint config, in a child
 * process (the config is an ES module, which jest's CommonJS sandbox cannot load).
 */
function refusedImports(cases: { file: string; from: string }[]): boolean[] {
  const script = `
    const { ESLint } = require('eslint');
    const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const { file, from } of cases) {
        const code = "import * as probe from '" + from + "';\\nexport const used = probe;\\n";
        const [result] = await eslint.lintText(code, { filePath: file });
        out.push(result.messages.some((m) => m.ruleId === 'no-restricted-imports'));
      }
      process.stdout.write(JSON.stringify(out));
    })();
  `;
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe('the lint layer rule (each lib README: "May import")', () => {
  const cases = [
    { file: 'libs/proxy/src/probe.ts', from: '@orrery/core', refused: true },
    { file: 'libs/proxy/src/probe.ts', from: 'fastify', refused: true },
    { file: 'libs/proxy/src/probe.ts', from: 'node:http', refused: false },
    { file: 'libs/proxy/src/probe.ts', from: './route-table', refused: false },
    { file: 'libs/core/src/probe.ts', from: '@orrery/rbac', refused: true },
    { file: 'libs/spawn/src/probe.ts', from: '@orrery/api', refused: true },
    { file: 'libs/api/src/probe.ts', from: '@orrery/runtime', refused: true },
    { file: 'libs/api/src/probe.ts', from: '../../../libs/web/src/index', refused: true },
    { file: 'libs/runtime/src/probe.ts', from: '@orrery/api', refused: false },
    { file: 'libs/runtime/src/probe.ts', from: '@orrery/web', refused: true },
    { file: 'libs/web/src/probe.ts', from: '@orrery/runtime', refused: false },
    { file: 'libs/web/src/probe.ts', from: '../../../apps/hub/src/app.module', refused: true },
  ];

  it('refuses exactly the imports the READMEs forbid', () => {
    const refused = refusedImports(cases);
    expect(cases.map((c, i) => ({ ...c, refused: refused[i] }))).toEqual(cases);
  }, 120_000);
});
