import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { SeedError } from '../../errors.js';

/** The OS account the server runs as when the toolkit itself runs as root. */
export interface OsUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** The account the toolkit creates (once per machine) to run its embedded servers when root. */
export const SERVER_ACCOUNT = 'flatrender-seed';

/** Where another PostgreSQL keeps its data or configuration; an account owning one is taken. */
const OTHER_POSTGRES_DIRS = ['/var/lib/postgresql', '/var/lib/pgsql', '/etc/postgresql'];

/**
 * PostgreSQL refuses to run as root. When this process is root, the server runs as an account of
 * its own: `pgUser` (SeedConfig.pgUser, FLATRENDER_SEED_PG_USER) if set, else `flatrender-seed`, created here the first time
 * (useradd --system, no home, no shell). Never Debian's `postgres` by default: a superuser of the
 * embedded server can run programs as its OS account, and `postgres` also owns the machine's own
 * PostgreSQL (peer authentication lets it in). If the account cannot be created, `nobody` is used,
 * with a warning. Returns undefined when the process is not root (the server runs as this user).
 */
export function unprivilegedUser(
  pgUser?: string,
  warn: (line: string) => void = (line) => process.stderr.write(`[@flatrender/seed] ${line}\n`),
): OsUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const wanted = pgUser;
  if (wanted) {
    const account = readPasswd().get(wanted);
    if (!account || account.uid === 0) {
      throw new SeedError(
        'E_NO_RUN_USER',
        `FLATRENDER_SEED_PG_USER is "${wanted}", which is ${account ? 'root' : 'not an account in /etc/passwd'}; the server must run as an unprivileged account.`,
        {
          fix: `Unset FLATRENDER_SEED_PG_USER (the toolkit then creates and uses "${SERVER_ACCOUNT}"), or name an existing non-root account.`,
        },
      );
    }
    const taken = otherPostgresOf(account);
    if (taken) {
      throw new SeedError(
        'E_PG_USER_SHARED',
        `FLATRENDER_SEED_PG_USER is "${wanted}", the account of another PostgreSQL on this machine (${taken}). A superuser of the embedded server (any of its clients) can run programs as the server's account, and would reach that PostgreSQL's data.`,
        {
          fix: `Unset FLATRENDER_SEED_PG_USER (the toolkit then creates and uses "${SERVER_ACCOUNT}"), or name an account used by nothing else.`,
        },
      );
    }
    return account;
  }
  const own = readPasswd().get(SERVER_ACCOUNT) ?? createAccount();
  if (own) return own;
  const nobody = readPasswd().get('nobody');
  if (nobody && nobody.uid !== 0) {
    warn(
      `Could not create the OS account "${SERVER_ACCOUNT}" (useradd failed); the embedded server runs as "nobody", which other services may share. Create it once: useradd --system --user-group --no-create-home --shell /usr/sbin/nologin ${SERVER_ACCOUNT}`,
    );
    return nobody;
  }
  throw new SeedError(
    'E_NO_RUN_USER',
    `This process runs as root and PostgreSQL refuses to; the account "${SERVER_ACCOUNT}" could not be created and there is no "nobody".`,
    {
      fix: `Create it: useradd --system --user-group --no-create-home --shell /usr/sbin/nologin ${SERVER_ACCOUNT} (or set FLATRENDER_SEED_PG_USER to an unprivileged account of its own).`,
    },
  );
}

/** Creates SERVER_ACCOUNT (a system account with its own group, no home, no login shell). */
function createAccount(): OsUser | undefined {
  const shell = existsSync('/usr/sbin/nologin') ? '/usr/sbin/nologin' : '/bin/false';
  try {
    execFileSync(
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        shell,
        SERVER_ACCOUNT,
      ],
      { stdio: 'ignore' },
    );
  } catch {
    // Another process may have created it a moment ago: read again either way.
  }
  return readPasswd().get(SERVER_ACCOUNT);
}

/**
 * Whether `account` is that of another PostgreSQL: it owns one of its usual folders, or runs a
 * `postgres` process whose data folder is not one of the toolkit's. Returns what was found.
 */
export function otherPostgresOf(account: OsUser): string | undefined {
  for (const dir of OTHER_POSTGRES_DIRS) {
    try {
      if (statSync(dir).uid === account.uid) return `it owns ${dir}`;
    } catch {
      // absent
    }
  }
  if (!existsSync('/proc')) return undefined;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const name = /^Name:\s*(\S+)/m.exec(status)?.[1];
      const uid = Number(/^Uid:\s*(\d+)/m.exec(status)?.[1]);
      if (name !== 'postgres' || uid !== account.uid) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const dataDir = cmdline[cmdline.indexOf('-D') + 1] ?? '';
      if (cmdline.includes('-D') && !/flatrender-seed-\d+\//.test(dataDir)) {
        return `it runs the postgres process ${pid} for ${dataDir}`;
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return undefined;
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
