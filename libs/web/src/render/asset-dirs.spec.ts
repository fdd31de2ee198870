import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findWebAssetDir } from './asset-dirs';

describe('findWebAssetDir', () => {
  it('finds the templates beside the sources', () => {
    expect(findWebAssetDir('templates')).toBe(path.resolve(__dirname, '../../templates'));
  });

  it('finds libs/web/static from a compiled file under dist/', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-assets-'));
    try {
      const compiled = path.join(root, 'dist', 'libs', 'web', 'src', 'render');
      const assets = path.join(root, 'libs', 'web', 'static');
      fs.mkdirSync(compiled, { recursive: true });
      fs.mkdirSync(assets, { recursive: true });
      fs.writeFileSync(path.join(assets, '.web-assets'), '');
      expect(findWebAssetDir('static', compiled)).toBe(assets);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('says what it did not find', () => {
    expect(() => findWebAssetDir('static', os.tmpdir())).toThrow(/libs\/web\/static not found/);
  });
});
