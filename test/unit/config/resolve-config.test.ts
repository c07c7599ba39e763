import { describe, expect, it } from 'vitest';
import { resolveConfig, resolveTarget } from '../../../src/config/resolve-config.js';
import { spareClonesFor } from '../../../src/database/spare-clones.js';

describe('resolveConfig', () => {
  it('defaults to auto with no URL and the bundled migrations', () => {
    expect(resolveConfig({}, {})).toEqual({
      provider: 'auto',
      databaseUrl: undefined,
      databaseUrlFrom: undefined,
      ignoredDatabaseUrl: false,
      migrationsDir: undefined,
      spareClones: 4,
      secret: undefined,
      yes: false,
      showPassword: false,
      verbose: false,
      dataDir: undefined,
      pgBin: undefined,
      pgUser: undefined,
      serverSettings: [],
      spareData: true,
      dockerHost: undefined,
    });
  });

  it('takes a flag over the environment, and FLATRENDER_SEED_* over DATABASE_URL', () => {
    const env = {
      FLATRENDER_SEED_PROVIDER: 'docker',
      FLATRENDER_SEED_DATABASE_URL: 'postgresql://seed@h/db',
      DATABASE_URL: 'postgresql://app@h/db',
      FLATRENDER_SEED_MIGRATIONS: '/env/migrations',
      FLATRENDER_SEED_SPARE_CLONES: '2',
      FLATRENDER_SEED_SECRET: 'from-the-environment-0123456789',
    };
    expect(resolveConfig({}, env)).toMatchObject({
      provider: 'docker',
      databaseUrl: 'postgresql://seed@h/db',
      databaseUrlFrom: 'FLATRENDER_SEED_DATABASE_URL',
      ignoredDatabaseUrl: false,
      migrationsDir: '/env/migrations',
      spareClones: 2,
      secret: 'from-the-environment-0123456789',
    });
    expect(
      resolveConfig(
        {
          provider: 'url',
          databaseUrl: 'postgresql://flag@h/db',
          migrations: '/flag',
          spareClones: 6,
          secret: 'from-the-flag-0123456789',
          yes: true,
          showPassword: true,
        },
        env,
      ),
    ).toEqual({
      provider: 'url',
      databaseUrl: 'postgresql://flag@h/db',
      databaseUrlFrom: '--database-url',
      ignoredDatabaseUrl: false,
      migrationsDir: '/flag',
      spareClones: 6,
      secret: 'from-the-flag-0123456789',
      yes: true,
      showPassword: true,
      verbose: false,
      dataDir: undefined,
      pgBin: undefined,
      pgUser: undefined,
      serverSettings: [],
      spareData: true,
      dockerHost: undefined,
    });
  });

  it('resolves the settings of the server and the migrations that only the environment sets', () => {
    const env = {
      FLATRENDER_SEED_VERBOSE: '1',
      FLATRENDER_SEED_DATA_DIR: '/mnt/fast',
      PG_BIN: '/opt/pg16/bin',
      FLATRENDER_SEED_PG_USER: 'pgrunner',
      FLATRENDER_SEED_SERVER_SETTINGS: ' shared_buffers=256MB  work_mem=64MB ',
      FLATRENDER_SEED_SPARE: '0',
      DOCKER_HOST: 'tcp://10.0.0.5:2375',
    };
    expect(resolveConfig({}, env)).toMatchObject({
      verbose: true,
      dataDir: '/mnt/fast',
      pgBin: '/opt/pg16/bin',
      pgUser: 'pgrunner',
      serverSettings: ['shared_buffers=256MB', 'work_mem=64MB'],
      spareData: false,
      dockerHost: 'tcp://10.0.0.5:2375',
    });
    // --verbose turns it on without the environment; only FLATRENDER_SEED_VERBOSE=1 does from there.
    expect(resolveConfig({ verbose: true }, {}).verbose).toBe(true);
    expect(resolveConfig({}, { FLATRENDER_SEED_VERBOSE: 'yes' }).verbose).toBe(false);
    // Only 0 turns the spare data copy off; an empty variable is an unset one.
    expect(resolveConfig({}, { FLATRENDER_SEED_SPARE: '1' }).spareData).toBe(true);
    expect(resolveConfig({}, { FLATRENDER_SEED_DATA_DIR: '', PG_BIN: '', DOCKER_HOST: '' })).toMatchObject({
      dataDir: undefined,
      pgBin: undefined,
      dockerHost: undefined,
    });
  });

  it('never lets a bare DATABASE_URL choose the server, and says it was there', () => {
    expect(resolveConfig({}, { DATABASE_URL: 'postgresql://app@h/db' })).toMatchObject({
      databaseUrl: undefined,
      databaseUrlFrom: undefined,
      ignoredDatabaseUrl: true,
    });
  });

  it('resolveTarget: a command on an existing database takes the flag, then FLATRENDER_SEED_DATABASE_URL, then DATABASE_URL', () => {
    const env = {
      FLATRENDER_SEED_DATABASE_URL: 'postgresql://seed@h/db',
      DATABASE_URL: 'postgresql://app@h/db',
    };
    expect(resolveTarget({ databaseUrl: 'postgresql://flag@h/db' }, env)).toEqual({
      url: 'postgresql://flag@h/db',
      from: '--database-url',
    });
    expect(resolveTarget({}, env)).toEqual({
      url: 'postgresql://seed@h/db',
      from: 'FLATRENDER_SEED_DATABASE_URL',
    });
    expect(resolveTarget({}, { DATABASE_URL: 'postgresql://app@h/db' })).toEqual({
      url: 'postgresql://app@h/db',
      from: 'DATABASE_URL',
    });
    expect(() => resolveTarget({}, {})).toThrow(expect.objectContaining({ code: 'E_NO_URL' }));
  });

  it('refuses a short secret without repeating it', () => {
    const attempt = () => resolveConfig({}, { FLATRENDER_SEED_SECRET: 'hunter2' });
    expect(attempt).toThrow('FLATRENDER_SEED_SECRET is 7 characters long');
    expect(attempt).not.toThrow(/hunter2/);
    expect(() => resolveConfig({ secret: 'short' }, {})).toThrow(
      expect.objectContaining({ code: 'E_WEAK_SECRET' }),
    );
  });

  it('reads FLATRENDER_SEED_SPARE_CLONES as a whole number, 0 turning spare clones off', () => {
    expect(resolveConfig({}, { FLATRENDER_SEED_SPARE_CLONES: '0' }).spareClones).toBe(0);
    expect(resolveConfig({}, { FLATRENDER_SEED_SPARE_CLONES: ' 8 ' }).spareClones).toBe(8);
    expect(resolveConfig({}, { FLATRENDER_SEED_SPARE_CLONES: '' }).spareClones).toBe(4);
    expect(resolveConfig({ spareClones: '0' }, { FLATRENDER_SEED_SPARE_CLONES: '3' }).spareClones).toBe(0);
    expect(() => resolveConfig({}, { FLATRENDER_SEED_SPARE_CLONES: 'many' })).toThrow(
      'FLATRENDER_SEED_SPARE_CLONES is "many"; it is the number of spare clones to keep ready, a whole number.',
    );
    expect(() => resolveConfig({}, { FLATRENDER_SEED_SPARE_CLONES: '-1' })).toThrow(
      '0 to turn spare clones off',
    );
    expect(() => resolveConfig({ spareClones: 1.5 }, {})).toThrow('spareClones is "1.5"');
  });

  it('keeps no spare clones on a server the user owns (url), whatever is configured', () => {
    expect(spareClonesFor('url', 4)).toBe(0);
    expect(spareClonesFor('embedded', 4)).toBe(4);
    expect(spareClonesFor('docker', 2)).toBe(2);
    expect(spareClonesFor('embedded', 0)).toBe(0);
  });

  it('names the source and the allowed values of an unknown provider', () => {
    expect(() => resolveConfig({}, { FLATRENDER_SEED_PROVIDER: 'podman' })).toThrow(
      'FLATRENDER_SEED_PROVIDER is "podman"; the providers are embedded, docker, url (or auto).',
    );
    expect(() => resolveConfig({ provider: 'k8s' }, {})).toThrow('--provider is "k8s"');
  });
});
