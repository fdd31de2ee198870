import { createHash } from 'node:crypto';

/** OpenSSH's form of a host key's fingerprint (`SHA256:` and unpadded base64), as `ssh-keygen -l` prints it. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}
