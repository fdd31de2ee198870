import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** One entry of the passwd database: what a server needs to run as that user. */
export interface SystemUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** `name:password:uid:gid:gecos:home:shell`, or null when the line is not that user's. */
export function parsePasswdLine(line: string, name: string): SystemUser | null {
  const fields = line.split(':');
  if (fields.length < 7 || fields[0] !== name) return null;
  const [, , uid, gid, , home, shell] = fields;
  return { name, uid: Number(uid), gid: Number(gid), home, shell };
}

/**
 * The user's passwd entry (JupyterHub's `pwd.getpwnam`), or null when there is none. `getent`
 * asks NSS, so LDAP or sssd users are found too; without getent, /etc/passwd is read.
 */
export async function lookUpSystemUser(name: string): Promise<SystemUser | null> {
  const output = await new Promise<string | null>((resolve, reject) =>
    execFile('getent', ['passwd', name], (error, stdout) => {
      if (!error) return resolve(stdout);
      // status 2: no such user; ENOENT: no getent on this system
      if (error.code === 2) return resolve('');
      if (error.code === 'ENOENT') return resolve(null);
      reject(error);
    }),
  );
  const lines = (output ?? (await readFile('/etc/passwd', 'utf8'))).split('\n');
  for (const line of lines) {
    const entry = parsePasswdLine(line, name);
    if (entry) return entry;
  }
  return null;
}
