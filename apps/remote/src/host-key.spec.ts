import { newHostKey, usableHostKey } from './host-key';

describe('newHostKey', () => {
  it('passes over a key its parser refuses and returns the next one', () => {
    const keys = [
      '-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n-----END OPENSSH PRIVATE KEY-----',
    ];
    const generated = newHostKey(() => keys.shift() ?? newHostKey());
    expect(keys).toEqual([]);
    expect(usableHostKey(generated)).toBe(true);
  });

  it('gives up after ten unreadable keys instead of looping', () => {
    expect(() => newHostKey(() => 'garbage')).toThrow(/in 10 tries/);
  });

  it('makes keys ssh2 reads back', () => {
    for (let i = 0; i < 20; i++) expect(usableHostKey(newHostKey())).toBe(true);
  });
});
