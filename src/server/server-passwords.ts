import { createHash, createHmac, pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { quoteIdent } from '../sql/identifiers.js';
import type { Queryable } from '../sql/queryable.js';

const derive = promisify(pbkdf2);

/**
 * PostgreSQL's own default iteration count for SCRAM-SHA-256 (and RFC 7677's minimum). The passwords
 * are 256-bit random, so iterations add nothing against guessing; they are kept at the default so
 * that every client library accepts them. Measured cost: see README, Security.
 */
export const SCRAM_ITERATIONS = 4096;

/** A fresh secret for one server's life; every password of that server derives from it. */
export function newServerSecret(): Buffer {
  return randomBytes(32);
}

/** The password of `role` on the server with `secret`: 43 URL-safe characters, 256 bits. */
export function passwordFor(secret: Buffer, role: string): string {
  return createHmac('sha256', secret).update(`password|${role}`).digest('base64url');
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (its `pg_authid.rolpassword` format).
 * Computed here, so the plaintext never reaches the server, its log or pg_stat_activity.
 */
export async function scramVerifier(password: string, iterations = SCRAM_ITERATIONS): Promise<string> {
  const salt = randomBytes(16);
  const salted = await derive(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** Computes every role's verifier at once (pbkdf2 runs on libuv's thread pool). */
export async function verifiersFor(
  passwords: Readonly<Record<string, string>>,
): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(passwords).map(async ([role, password]) => [role, await scramVerifier(password)] as const),
  );
  return Object.fromEntries(entries);
}

/**
 * Sets each role's password from its verifier, in one statement. It runs on every embedded start,
 * on its critical path: one UPDATE of pg_authid (what ALTER ROLE … PASSWORD writes) took 2.5–6 ms
 * where seven ALTER ROLE statements took 23–53 ms (see bench/auth.ts). A superuser may write that
 * catalog; a new connection reads it afresh, so the next login uses the new password.
 */
export async function setRolePasswords(
  db: Queryable,
  verifiers: Readonly<Record<string, string>>,
): Promise<void> {
  const roles = Object.keys(verifiers);
  if (roles.length === 0) return;
  const { rows } = await db.query<{ role: string }>(
    `UPDATE pg_catalog.pg_authid SET rolpassword = v.verifier
       FROM unnest($1::text[], $2::text[]) AS v(role, verifier)
      WHERE rolname = v.role RETURNING rolname AS role`,
    [roles, Object.values(verifiers)],
  );
  const missing = roles.filter((role) => !rows.some((row) => row.role === role));
  if (missing.length > 0) {
    // A role that does not exist: ALTER ROLE says so in PostgreSQL's own words.
    await db.query(
      missing
        .map((role) => `ALTER ROLE ${quoteIdent(role)} PASSWORD ${pg.escapeLiteral(verifiers[role]!)}`)
        .join(';\n'),
    );
  }
}

/** The roles other than the superuser that may log in (FlatRender's service roles). */
export async function serviceRoleNames(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT rolname AS name FROM pg_roles WHERE rolcanlogin AND NOT rolsuper AND rolname !~ '^pg_' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}
