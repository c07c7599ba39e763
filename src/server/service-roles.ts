import { SeedError } from '../errors.js';

/**
 * The URL of the same database as a service role (`identity_svc`…), with that role's password on a
 * server the toolkit started (`StartedServer.serviceRoles`).
 *
 * @example
 * const url = roleUrl(db.url, 'render_svc', server.serviceRoles);
 */
export function roleUrl(
  databaseUrl: string,
  role: string,
  serviceRoles: Readonly<Record<string, string>>,
): string {
  const password = serviceRoles[role];
  if (password === undefined) {
    const known = Object.keys(serviceRoles);
    throw new SeedError(
      'E_UNKNOWN_ROLE',
      known.length > 0
        ? `The server has no password for role "${role}"; its service roles are ${known.join(', ')}.`
        : `The toolkit manages no role passwords on this server (one it did not start); "${role}" logs in however that server is set up.`,
      {
        fix:
          known.length > 0
            ? `Use one of: ${known.join(', ')}.`
            : 'Put that role and its password in the URL yourself.',
      },
    );
  }
  const url = new URL(databaseUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** `{ role: url }` for every service role of the server. */
export function serviceRoleUrls(
  databaseUrl: string,
  serviceRoles: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.keys(serviceRoles).map((role) => [role, roleUrl(databaseUrl, role, serviceRoles)]),
  );
}
