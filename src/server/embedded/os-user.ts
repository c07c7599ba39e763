import { readFileSync } from 'node:fs';
import { SeedError } from '../../errors.js';

/** The OS account the server runs as when the toolkit itself runs as root. */
export interface OsUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/**
 * PostgreSQL refuses to run as root. When this process is root, pick an unprivileged account:
 * `FLATRENDER_SEED_PG_USER` if set, else `postgres`, else `nobody`. Returns undefined when the
 * process is not root (the server then runs as the current user).
 */
export function unprivilegedUser(env: NodeJS.ProcessEnv = process.env): OsUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const accounts = readPasswd();
  const wanted = env.FLATRENDER_SEED_PG_USER ? [env.FLATRENDER_SEED_PG_USER] : ['postgres', 'nobody'];
  for (const name of wanted) {
    const account = accounts.get(name);
    if (account && account.uid !== 0) return account;
  }
  throw new SeedError(
    'E_NO_RUN_USER',
    `This process runs as root and PostgreSQL refuses to; no unprivileged account (${wanted.join(', ')}) was found in /etc/passwd.`,
    {
      fix: 'Create one (useradd --system postgres), or set FLATRENDER_SEED_PG_USER to an existing non-root account.',
    },
  );
}

function readPasswd(): Map<string, OsUser> {
  const accounts = new Map<string, OsUser>();
  let text = '';
  try {
    text = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return accounts;
  }
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name && uid && gid) accounts.set(name, { name, uid: Number(uid), gid: Number(gid) });
  }
  return accounts;
}
