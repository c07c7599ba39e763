import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config.js';

describe('resolveConfig', () => {
  it('defaults to auto with no URL and the bundled migrations', () => {
    expect(resolveConfig({}, {})).toEqual({
      provider: 'auto',
      databaseUrl: undefined,
      migrationsDir: undefined,
    });
  });

  it('takes a flag over the environment, and FLATRENDER_SEED_* over DATABASE_URL', () => {
    const env = {
      FLATRENDER_SEED_PROVIDER: 'docker',
      FLATRENDER_SEED_DATABASE_URL: 'postgresql://seed@h/db',
      DATABASE_URL: 'postgresql://app@h/db',
      FLATRENDER_SEED_MIGRATIONS: '/env/migrations',
    };
    expect(resolveConfig({}, env)).toEqual({
      provider: 'docker',
      databaseUrl: 'postgresql://seed@h/db',
      migrationsDir: '/env/migrations',
    });
    expect(
      resolveConfig({ provider: 'url', databaseUrl: 'postgresql://flag@h/db', migrations: '/flag' }, env),
    ).toEqual({
      provider: 'url',
      databaseUrl: 'postgresql://flag@h/db',
      migrationsDir: '/flag',
    });
    expect(resolveConfig({}, { DATABASE_URL: 'postgresql://app@h/db' }).databaseUrl).toBe(
      'postgresql://app@h/db',
    );
  });

  it('names the source and the allowed values of an unknown provider', () => {
    expect(() => resolveConfig({}, { FLATRENDER_SEED_PROVIDER: 'podman' })).toThrow(
      'FLATRENDER_SEED_PROVIDER is "podman"; the providers are embedded, docker, url (or auto).',
    );
    expect(() => resolveConfig({ provider: 'k8s' }, {})).toThrow('--provider is "k8s"');
  });
});
