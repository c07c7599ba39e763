/**
 * The environment of a program the toolkit starts (initdb, postgres): this process's own, inherited
 * as any child's is, with `overrides` on top (LC_ALL=C: a locale the machine lacks must not stop the
 * server). Handing the environment on is not reading configuration: no variable is looked at, and
 * the settings the toolkit does read come from resolveConfig. The server programs read a few of
 * their own (TZ for initdb's default time zone, LD_LIBRARY_PATH for a PG_BIN build…), as they would
 * if started by hand; an explicit list would drop those. It lives here because src/config is the one
 * folder of the library that touches process.env (test/unit/config/environment-reads.test.ts).
 */
export function childEnvironment(overrides: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
