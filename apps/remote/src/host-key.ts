import { utils } from 'ssh2';

type Generate = () => string;

const ed25519: Generate = () => utils.generateKeyPairSync('ed25519').private;

/** How many fresh keys to try before giving up (one in several hundred fails to parse). */
const TRIES = 10;

/**
 * A new ed25519 host key that ssh2 can read back: ssh2 1.17's generator writes about one key in
 * 500 that its own parser calls malformed (seen as `Cannot parse privateKey: Malformed OpenSSH
 * private key` when the agent's SSH server starts), so a key is checked before it is used.
 */
export function newHostKey(generate: Generate = ed25519): string {
  for (let tries = 0; tries < TRIES; tries++) {
    const key = generate();
    if (usableHostKey(key)) return key;
  }
  throw new Error(`could not generate an SSH host key ssh2 can read in ${TRIES} tries`);
}

/** Whether ssh2 can parse `key` as a private key. */
export function usableHostKey(key: string | undefined): key is string {
  return typeof key === 'string' && !(utils.parseKey(key) instanceof Error);
}
