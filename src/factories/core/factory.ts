import { base, en, Faker, fa } from '@faker-js/faker';
import { ActivityClock, type ActivityKind } from '../../domain/activity.js';
import { DAY } from '../../domain/calendar.js';
import { HISTORY_DAYS } from '../../domain/partitions.js';
import { hashSeed, type Random, streamFor } from '../../domain/random.js';
import { DEFAULT_TENANT_ID, referenceTime } from '../../domain/tenancy.js';
import { SeedError } from '../../errors.js';
import {
  assertColumns,
  assertEnumValues,
  columnsOf,
  type InsertOf,
  isTenantScoped,
  type RowOf,
  type TableName,
} from '../../schema/table-meta.js';
import type { Queryable } from '../../sql/queryable.js';
import { copyConnector } from './copy-connection.js';
import { copyableTable, hasKeyValues } from './copy-rows.js';
import { insertRow } from './insert-row.js';
import { PendingRows } from './pending-rows.js';

export { DEFAULT_TENANT_ID };

/**
 * What one seeding run remembers for the factories' rules, instead of module-level state: the
 * n-th child of a parent row (chunk k of a job), values computed for a row (a job's plan), and
 * what is being made on another's behalf (the job an export creates).
 */
export interface RunState {
  /** 0, 1, 2… for successive calls with the same kind and parent key, within this run. */
  within(kind: string, key: string): number;
  /** A per-run memo of values by kind and key (e.g. the plan of each render job made in this run). */
  memo<V>(kind: string): Map<string, V>;
  /** Keys set while a factory creates something on behalf of another row. */
  readonly busy: Set<string>;
  /** The activity clock over the run's history window (domain/activity.ts). */
  clock(kind?: ActivityKind): ActivityClock;
}

type Values<T extends TableName> = Partial<InsertOf<T>>;

/**
 * What factory definitions return: the table's columns, any value. Checked at run time (column
 * names, enum labels) and by the factory lint test; not typed per column because TypeScript widens
 * enum literals returned from functions whose trait names it is still inferring.
 */
export type ColumnValues<T extends TableName> = { [K in keyof InsertOf<T>]?: unknown };

/** What a factory's `defaults`, traits and `finalize` receive to make one row. */
export interface BuildTools<T extends TableName, Transient extends object = object> {
  readonly table: T;
  /** 1-based number of this row among the rows of this table made by this seeding context. */
  readonly n: number;
  /**
   * n made unique across seeding runs: n itself for seed 1 in shard 0 (the default), else n plus
   * an offset drawn from the seed and shard. Slugs, codes, names and e-mails that a unique key
   * covers are built from it, so two factories objects with different seeds or shards never
   * collide on one database.
   */
  readonly uid: number;
  /** This row's own random stream: a function of (seed, shard, table, n) only. */
  readonly rng: Random;
  /** faker with Persian data (falls back to English), seeded for this row. */
  readonly fa: Faker;
  /** faker with English data, seeded for this row. */
  readonly en: Faker;
  /** The reference time: generated timestamps lie before it. */
  readonly now: Date;
  /** The tenant of the graph being built. */
  readonly tenantId: string;
  /** What the caller passed (after traits), to keep derived values coherent with it. */
  readonly overrides: Readonly<Values<T>>;
  readonly transient: Readonly<Transient>;
  /** The row of a parent table this row hangs off: the context's current one, created if missing. */
  parent<P extends TableName>(table: P): RowOf<P>;
  /**
   * A timestamp between `days` days before the reference time and `minDays` days before it,
   * drawn from the time model (busy evenings, quiet nights and Fridays, growth).
   */
  past(days: number, minDays?: number): Date;
  /** A timestamp in [from, to] drawn from the time model (`'api'`: resellers' servers' rhythm). */
  when(from: Date, to: Date, kind?: ActivityKind): Date;
  /** This run's memory (see RunState). */
  readonly run: RunState;
  /** `date` plus a random number of seconds in [minSeconds, maxSeconds]. */
  after(date: Date, minSeconds: number, maxSeconds: number): Date;
}

/** Hooks that run only on create(), with a database. */
export interface CreateTools<Transient extends object = object> {
  readonly db: Queryable;
  readonly transient: Readonly<Transient>;
  /** The traits the row was built with (`f.earnedGift.notified()` → ['notified']). */
  readonly traits: readonly string[];
  readonly rng: Random;
  readonly now: Date;
  readonly tenantId: string;
  /** Creates a row of any table through its factory, in the same context. */
  create<P extends TableName>(
    table: P,
    overrides?: Values<P>,
    traits?: string[],
    transient?: object,
  ): Promise<RowOf<P>>;
  /** Creates rows of any table as createList does (COPY from the threshold on), in the same context. */
  createList<P extends TableName>(
    table: P,
    count: number,
    overrides?: Values<P> | ((index: number) => Values<P>),
    traits?: string[],
    transient?: object,
  ): Promise<RowOf<P>[]>;
  /** This run's memory (see RunState). */
  readonly run: RunState;
  /**
   * Runs `work` the first time this seeding run meets `key` and shares its promise afterwards: for
   * idempotent setup such as the month's partition, so that a list of rows does not repeat it per row.
   */
  once(key: string, work: () => Promise<unknown>): Promise<unknown>;
}

/** What afterInsert hooks get. */
export interface InsertTools {
  readonly db: Queryable;
  readonly now: Date;
}

export interface FactoryDefinition<T extends TableName, Trait extends string, Transient extends object>
  extends FactorySpec<T, Trait, Transient> {
  readonly table: T;
}

/** What defineFactory takes after the table name. */
export interface FactorySpec<T extends TableName, Trait extends string, Transient extends object> {
  /** Tables whose current row this one references (created before this row when missing). */
  readonly parents?: readonly TableName[];
  /** Default values for non-transient inputs that are not columns. */
  readonly transient?: Transient;
  /** The row's default values. Keep it pure: all randomness from `rng`/`fa`/`en`. */
  defaults(tools: BuildTools<T, Transient>): ColumnValues<T>;
  /** Named variations: `f.renderJob.failed()`. */
  /**
   * Named variations: `f.renderJob.failed()`. Each is a function of the build tools; give it a
   * parameter even when it ignores it (`(_t) => ({ role: 'Admin' })`): TypeScript then keeps the
   * enum literals it returns.
   */
  readonly traits?: { readonly [K in Trait]: (tools: BuildTools<T, Transient>) => ColumnValues<T> };
  /** Values derived from the merged row (status-dependent timestamps, totals); never replaces what the caller set. */
  finalize?(row: Values<T>, tools: BuildTools<T, Transient>): ColumnValues<T>;
  /** Runs before the INSERT (e.g. create the month's partition, count what a usage row counts). */
  beforeCreate?(row: Values<T>, tools: CreateTools<Transient>): Promise<ColumnValues<T> | undefined>;
  /** Runs after the INSERT (e.g. the export of a completed render job). */
  afterCreate?(row: RowOf<T>, tools: CreateTools<Transient>): Promise<void>;
  /**
   * Runs once the rows are stored, for one create() or a whole COPY chunk of a createList (so it
   * keeps the COPY path): brings aggregates of other tables up to date (usage, quotas). It gets
   * the raw handle: it must not create rows.
   */
  afterInsert?(rows: readonly RowOf<T>[], tools: InsertTools): Promise<void>;
}

/**
 * Declares the factory of one table. Its name for `f.<name>` comes from the registry.
 *
 * @example
 * export const tenantFactory = defineFactory('identity.tenants', {
 *   defaults: ({ n, fa }) => ({ slug: `tenant-${n}`, name: fa.company.name() }),
 *   traits: { reseller: () => ({ kind: 'Reseller' }) },
 * });
 */
export function defineFactory<
  T extends TableName,
  Trait extends string = never,
  Transient extends object = object,
>(table: T, spec: FactorySpec<T, Trait, Transient>): FactoryDefinition<T, Trait, Transient> {
  return { table, ...spec };
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds definitions of every table and trait set.
export type AnyDefinition = FactoryDefinition<any, any, any>;

export interface SeedOptions {
  /** Fixes every generated value (ids included). Default 1. */
  readonly seed?: number | string;
  /** The reference time; generated timestamps lie before it. Default 2026-06-01T00:00:00Z (DEFAULT_NOW). */
  readonly now?: Date | string;
  /**
   * Kept apart from other shards: the same seed in two shards gives different rows, so parallel
   * workers seeding one database never collide on ids or unique keys. Default 0.
   */
  readonly shard?: number;
  /**
   * `createList` of at least this many rows sends them with COPY instead of one INSERT each (same
   * rows, same order, read back as stored). Needs a pg Client or Pool (or the vitest `db`) and a
   * factory without an afterCreate hook; otherwise rows are INSERTed. Default 200; `Infinity` never.
   */
  readonly copyThreshold?: number;
}

/** Rows sent per COPY: bounds the memory a long createList holds before it reaches the server. */
const COPY_CHUNK = 5_000;

/** Shared by every tenant view of one seeding run: counters and the registry. */
class SeedRun implements RunState {
  readonly counters = new Map<string, number>();
  private readonly withinCounts = new Map<string, number>();
  private readonly memos = new Map<string, Map<string, unknown>>();
  private readonly clocks = new Map<ActivityKind, ActivityClock>();
  readonly busy = new Set<string>();
  /** Added to n in unique values (BuildTools.uid): 0 for the default seed 1 in shard 0. */
  get uidBase(): number {
    if (String(this.seed) === '1' && this.shard === 0) return 0;
    return (10_000 + (hashSeed(`${this.seed}|${this.shard}`)[0] % 90_000)) * 1_000;
  }

  within(kind: string, key: string): number {
    const id = `${kind}\u0000${key}`;
    const next = this.withinCounts.get(id) ?? 0;
    this.withinCounts.set(id, next + 1);
    return next;
  }

  memo<V>(kind: string): Map<string, V> {
    let memo = this.memos.get(kind);
    if (!memo) {
      memo = new Map();
      this.memos.set(kind, memo);
    }
    return memo as Map<string, V>;
  }

  clock(kind: ActivityKind = 'people'): ActivityClock {
    let clock = this.clocks.get(kind);
    if (!clock) {
      clock = new ActivityClock(this.now.getTime() - HISTORY_DAYS * DAY, this.now.getTime(), kind);
      this.clocks.set(kind, clock);
    }
    return clock;
  }

  private readonly fakers = new Map<string, { fa: Faker; en: Faker }>();

  /**
   * faker instances of one table: a parent built in the middle of a child's defaults() re-seeds its
   * own table's instances, never the child's, so a parent's presence cannot shift a child's values.
   */
  fakersFor(table: TableName): { fa: Faker; en: Faker } {
    let pair = this.fakers.get(table);
    if (!pair) {
      pair = { fa: new Faker({ locale: [fa, en, base] }), en: new Faker({ locale: [en, base] }) };
      this.fakers.set(table, pair);
    }
    return pair;
  }
  readonly rowTables = new WeakMap<object, TableName>();
  readonly currents = new Map<string, Map<TableName, Record<string, unknown>>>();
  /**
   * Within one COPY createList, runs `work` for the first row that asks for `key` only; outside
   * one, every time. Scoped to the list: nothing else can happen to the database while it runs
   * (a rolled-back savepoint could undo the work between two separate calls).
   */
  once(key: string, work: () => Promise<unknown>): Promise<unknown> {
    const done = this.pending?.done;
    if (!done) return work();
    let promise = done.get(key);
    if (!promise) {
      promise = work();
      done.set(key, promise);
      // A failure is not remembered: the next row tries again (and reports its own error).
      promise.catch(() => done.delete(key));
    }
    return promise;
  }

  /** The createList whose rows are waiting for their COPY, if any. */
  pending: PendingRows | undefined;
  /** The caller's handle, behind a flush of pending COPY rows before every statement. */
  readonly db: Queryable;

  constructor(
    readonly raw: Queryable,
    readonly seed: number | string,
    readonly now: Date,
    readonly shard: number,
    readonly copyThreshold: number,
    readonly registry: ReadonlyMap<TableName, AnyDefinition>,
  ) {
    const query = async (text: string, values?: unknown[]) => {
      await this.flushPending();
      return raw.query(text, values);
    };
    this.db = { query } as Queryable;
  }

  async flushPending(): Promise<void> {
    await this.pending?.flush();
  }

  next(table: TableName): number {
    const n = (this.counters.get(table) ?? 0) + 1;
    this.counters.set(table, n);
    return n;
  }

  stream(table: TableName, n: number): Random {
    return streamFor(this.seed, `${this.shard}|${table}|${n}`);
  }
}

/** Tables shared by all tenants (their rows carry no tenant_id): one current row per run. */
const PLATFORM = 'platform';

/**
 * One seeding context: a database, a seed, a reference time and the current tenant. It remembers
 * the last row created of each table (the "current" one) and reuses it as the parent of later
 * rows, so a whole graph shares one tenant, one user, one project.
 */
export class SeedContext {
  constructor(
    private readonly run: SeedRun,
    readonly tenantId: string,
  ) {}

  static open(
    db: Queryable,
    registry: ReadonlyMap<TableName, AnyDefinition>,
    options: SeedOptions = {},
  ): SeedContext {
    const now = referenceTime(options.now);
    return new SeedContext(
      new SeedRun(db, options.seed ?? 1, now, options.shard ?? 0, options.copyThreshold ?? 200, registry),
      DEFAULT_TENANT_ID,
    );
  }

  get db(): Queryable {
    return this.run.db;
  }
  get now(): Date {
    return this.run.now;
  }
  get seed(): number | string {
    return this.run.seed;
  }

  /** The same run, scoped to another tenant: parents are looked up (and made) in that tenant. */
  forTenant(tenant: string | { id: string }): SeedContext {
    return new SeedContext(this.run, typeof tenant === 'string' ? tenant : tenant.id);
  }

  /** Makes rows created elsewhere the current parents of their tables in this context. */
  use(...rows: Record<string, unknown>[]): this {
    for (const row of rows) {
      const table = this.run.rowTables.get(row);
      if (!table) {
        throw new SeedError(
          'E_UNKNOWN_ROW',
          'use() was given a row this seeding run did not create, so its table is unknown.',
          {
            fix: 'Pass rows returned by create() of the same factories object.',
          },
        );
      }
      this.setCurrent(table, row);
    }
    return this;
  }

  /** The current row of a table in this context, if any. */
  current<T extends TableName>(table: T): RowOf<T> | undefined {
    return this.currents(table).get(table) as RowOf<T> | undefined;
  }

  private currents(table: TableName, tenantId = this.tenantId): Map<TableName, Record<string, unknown>> {
    // A tenant row is the root of its own scope: each tenant view sees its own tenant as current.
    const key = table === 'identity.tenants' || this.isTenantScoped(table) ? tenantId : PLATFORM;
    let map = this.run.currents.get(key);
    if (!map) {
      map = new Map();
      this.run.currents.set(key, map);
    }
    return map;
  }

  private setCurrent(table: TableName, row: Record<string, unknown>): void {
    this.run.rowTables.set(row, table);
    const scope = table === 'identity.tenants' ? String(row.id) : this.tenantId;
    this.currents(table, scope).set(table, row);
  }

  private isTenantScoped(table: TableName): boolean {
    return isTenantScoped(table, { required: true });
  }

  definition(table: TableName): AnyDefinition {
    const definition = this.run.registry.get(table);
    if (!definition) {
      throw new SeedError('E_NO_FACTORY', `No factory is registered for ${table}.`, {
        fix: 'Add one in src/factories and list it in src/factories/registry.ts.',
      });
    }
    return definition;
  }

  /** Builds one row without touching the database; missing parents are built (not inserted) too. */
  build<T extends TableName>(
    table: T,
    overrides: Values<T> = {},
    traits: readonly string[] = [],
    transient: object = {},
  ): Values<T> {
    return this.buildWithin(new Map(), table, overrides, traits, transient);
  }

  /**
   * Builds a row; parents it needs that the context has no current row for are built too, kept in
   * `built` for this one build() only: they were never inserted, so they must never become current.
   */
  private buildWithin<T extends TableName>(
    built: Map<TableName, unknown>,
    table: T,
    overrides: Values<T> = {},
    traits: readonly string[] = [],
    transient: object = {},
  ): Values<T> {
    return this.assemble(table, overrides, traits, transient, <P extends TableName>(parent: P): RowOf<P> => {
      const known = this.current(parent) ?? (built.get(parent) as RowOf<P> | undefined);
      if (known) return known;
      const row = (parent === 'identity.tenants'
        ? { id: this.tenantId }
        : this.buildWithin(built, parent)) as unknown as RowOf<P>;
      built.set(parent, row);
      return row;
    });
  }

  /** Creates one row: its missing parents first, then the row, then its afterCreate hook. */
  async create<T extends TableName>(
    table: T,
    overrides: Values<T> = {},
    traits: readonly string[] = [],
    transient: object = {},
  ): Promise<RowOf<T>> {
    // Called from a hook during a COPY createList: the rows before this one must exist first.
    await this.run.flushPending();
    const { prepared, tools } = await this.prepare(table, overrides, traits, transient);
    const stored = await insertRow(this.run.raw, table, prepared);
    this.setCurrent(table, stored as unknown as Record<string, unknown>);
    await this.afterInsert(table, [stored]);
    await this.definition(table).afterCreate?.(stored, tools);
    return stored;
  }

  /**
   * Creates `count` rows as `count` create() calls would, in the same order with the same values;
   * from `copyThreshold` rows on (and when the table, its factory and the handle allow it) they
   * reach the database through COPY in chunks instead of one INSERT each.
   */
  async createMany<T extends TableName>(
    table: T,
    count: number,
    overrides: Values<T> | ((index: number) => Values<T>) = {},
    traits: readonly string[] = [],
    transient: object = {},
  ): Promise<RowOf<T>[]> {
    const at = (i: number) => (typeof overrides === 'function' ? overrides(i) : overrides);
    const connect = this.copyConnectorFor(table, count);
    if (!connect) {
      const rows: RowOf<T>[] = [];
      for (let i = 0; i < count; i++) rows.push(await this.create(table, at(i), traits, transient));
      return rows;
    }
    const pending = new PendingRows(
      table,
      connect,
      (row) => this.setCurrent(table, row),
      (rows) => this.afterInsert(table, rows as unknown as RowOf<T>[]),
    );
    this.run.pending = pending;
    try {
      for (let i = 0; i < count; i++) {
        // Prepared first: its hooks may flush (and so replace) the pending rows.
        const { prepared } = await this.prepare(table, at(i), traits, transient);
        if (hasKeyValues(table, prepared)) pending.add(prepared);
        else {
          // No key to read it back by (the database picks it): this row is INSERTed, in its turn.
          await pending.flush();
          const stored = await insertRow(this.run.raw, table, prepared);
          pending.keep(stored as never);
          await this.afterInsert(table, [stored]);
        }
        if (pending.size >= COPY_CHUNK) await pending.flush();
      }
      await pending.flush();
    } catch (error) {
      // The rows built before the failure would be in the database with INSERTs: send them. If
      // that fails, its error is the one INSERTs would have met first.
      await pending.flush();
      throw error;
    } finally {
      this.run.pending = undefined;
    }
    return pending.stored as unknown as RowOf<T>[];
  }

  private async afterInsert<T extends TableName>(table: T, rows: readonly RowOf<T>[]): Promise<void> {
    await this.definition(table).afterInsert?.(rows, { db: this.run.raw, now: this.now });
  }

  /** How createMany reaches COPY, or undefined when it must INSERT row by row. */
  private copyConnectorFor(table: TableName, count: number) {
    const definition = this.definition(table);
    if (count < this.run.copyThreshold || this.run.pending) return undefined;
    // afterCreate wants each stored row before the next one is built; a self-parent wants it as its parent.
    if (definition.afterCreate || definition.parents?.includes(table) || !copyableTable(table))
      return undefined;
    return copyConnector(this.run.raw);
  }

  /** Everything create() does before the INSERT: parents, values, the beforeCreate hook. */
  private async prepare<T extends TableName>(
    table: T,
    overrides: Values<T>,
    traits: readonly string[],
    transient: object,
  ): Promise<{ prepared: Values<T>; tools: CreateTools }> {
    const definition = this.definition(table);
    assertColumns(table, overrides, `the overrides of ${table}`);
    const parents: Partial<Record<TableName, Record<string, unknown>>> = {};
    for (const parent of definition.parents ?? []) {
      parents[parent] = (await this.ensure(parent)) as unknown as Record<string, unknown>;
    }
    const row = this.assemble(table, overrides, traits, transient, (parent) => {
      const found = parents[parent] ?? this.current(parent);
      if (!found) {
        throw new SeedError(
          'E_UNDECLARED_PARENT',
          `The factory of ${table} asked for a ${parent} row but does not list it in parents.`,
          {
            fix: `Add '${parent}' to the parents of the ${table} factory.`,
          },
        );
      }
      return found as RowOf<typeof parent>;
    });
    const tools = this.createTools({ ...definition.transient, ...transient }, table, traits);
    const prepared = { ...row, ...((await definition.beforeCreate?.(row, tools)) ?? {}) } as Values<T>;
    return { prepared, tools };
  }

  /** The current row of a table, created with its factory's defaults when there is none yet. */
  async ensure<T extends TableName>(table: T): Promise<RowOf<T>> {
    if (table === 'identity.tenants') {
      const tenant = this.current('identity.tenants');
      if (tenant) return tenant as RowOf<T>;
      const { rows } = await this.db.query('SELECT * FROM identity.tenants WHERE id = $1', [this.tenantId]);
      if (!rows[0]) {
        throw new SeedError('E_NO_TENANT', `Tenant ${this.tenantId} does not exist in this database.`, {
          fix: 'Create it first (f.tenant.create()) and pass the row to f.forTenant().',
        });
      }
      this.setCurrent('identity.tenants', rows[0]);
      return rows[0] as RowOf<T>;
    }
    return (this.current(table) ?? (await this.create(table))) as RowOf<T>;
  }

  private createTools(transient: object, table: TableName, traits: readonly string[]): CreateTools {
    return {
      db: this.db,
      transient,
      traits,
      rng: this.run.stream(`${table}#after` as TableName, this.run.counters.get(table) ?? 0),
      now: this.now,
      tenantId: this.tenantId,
      create: (t, o, tr, tn) => this.create(t, o, tr, tn),
      createList: (t, count, o, tr, tn) => this.createMany(t, count, o, tr, tn),
      run: this.run,
      once: (key, work) => this.run.once(key, work),
    };
  }

  private assemble<T extends TableName>(
    table: T,
    overrides: Values<T>,
    traits: readonly string[],
    transientOverrides: object,
    parent: <P extends TableName>(table: P) => RowOf<P>,
  ): Values<T> {
    const definition = this.definition(table);
    assertColumns(table, overrides, `the overrides of ${table}`);
    const n = this.run.next(table);
    const rng = this.run.stream(table, n);
    const fakers = this.run.fakersFor(table);
    // The seeds are drawn here, as always, but applied on first use: seeding a faker costs ~50 µs
    // and most rows never touch one (a third of a large scenario's JavaScript time went to it).
    const faSeed = rng.uint32();
    const enSeed = rng.uint32();
    let faSeeded = false;
    let enSeeded = false;
    const now = this.now;
    const transient = { ...definition.transient, ...transientOverrides };
    let traitValues: Values<T> = {};
    const tools: BuildTools<T> = {
      table,
      n,
      uid: n + this.run.uidBase,
      rng,
      get fa(): Faker {
        if (!faSeeded) fakers.fa.seed(faSeed);
        faSeeded = true;
        return fakers.fa;
      },
      get en(): Faker {
        if (!enSeeded) fakers.en.seed(enSeed);
        enSeeded = true;
        return fakers.en;
      },
      now,
      tenantId: this.tenantId,
      get overrides(): Readonly<Values<T>> {
        return { ...traitValues, ...overrides } as Values<T>;
      },
      transient,
      parent,
      past: (days, minDays = 0) =>
        new Date(this.run.clock().between(rng, now.getTime() - days * DAY, now.getTime() - minDays * DAY)),
      when: (from, to, kind) => new Date(this.run.clock(kind).between(rng, from.getTime(), to.getTime())),
      run: this.run,
      after: (date, min, max) => new Date(date.getTime() + (min + rng.next() * (max - min)) * 1000),
    };
    for (const name of traits) {
      const trait = (definition.traits as Record<string, (t: BuildTools<T>) => Values<T>> | undefined)?.[
        name
      ];
      if (!trait) {
        const known = Object.keys(definition.traits ?? {});
        throw new SeedError('E_UNKNOWN_TRAIT', `The ${table} factory has no trait "${name}".`, {
          fix: known.length ? `Its traits are: ${known.join(', ')}.` : 'It has no traits.',
        });
      }
      traitValues = { ...traitValues, ...(trait(tools) as Values<T>) };
    }
    const defaults = definition.defaults(tools) as Values<T>;
    assertColumns(table, defaults, `the defaults of the ${table} factory`);
    let row = {
      ...this.generatedDefaults(table, tools, defaults),
      ...defaults,
      ...traitValues,
      ...overrides,
    } as Values<T>;
    if (definition.finalize) {
      const derived = definition.finalize(row, tools);
      const explicit = { ...traitValues, ...overrides };
      row = {
        ...row,
        ...Object.fromEntries(Object.entries(derived).filter(([k]) => !(k in explicit))),
      } as Values<T>;
    }
    assertColumns(table, row, `the ${table} factory`);
    assertEnumValues(table, row);
    return row;
  }

  /**
   * Values the database would otherwise pick (gen_random_uuid(), NOW()): drawn from the row's
   * stream instead, so that the same seed gives the same rows, ids and timestamps included.
   */
  private generatedDefaults<T extends TableName>(
    table: T,
    tools: BuildTools<T>,
    defaults: Values<T>,
  ): Values<T> {
    const out: Record<string, unknown> = {};
    const created =
      ((defaults as Record<string, unknown>).created_at as Date | undefined) ?? tools.past(180, 1);
    for (const column of columnsOf(table)) {
      // Tenant coherence: every tenant-scoped row joins the context's tenant unless told otherwise.
      if (column.name === 'tenant_id' && table !== 'identity.tenants') out.tenant_id = tools.tenantId;
      if (column.generated || !column.default) continue;
      if (column.default === 'gen_random_uuid()') out[column.name] = tools.rng.uuid();
      else if (column.default === 'now()') out[column.name] = created;
    }
    return out as Values<T>;
  }
}
