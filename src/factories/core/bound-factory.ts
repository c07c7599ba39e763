import type { InsertOf, RowOf, TableName } from '../../schema/table-meta.js';
import type { AnyDefinition, FactoryDefinition, SeedContext } from './factory.js';

type Overrides<T extends TableName> = Partial<InsertOf<T>>;

interface State {
  readonly overrides: Record<string, unknown>;
  readonly traits: readonly string[];
  readonly transient: Record<string, unknown>;
}

/**
 * A factory bound to a seeding context, in fishery's vocabulary. Every method that changes it
 * (`params`, `transient`, a trait) returns a new factory and leaves this one as it was.
 */
export class Factory<T extends TableName, Trait extends string = never, Transient extends object = object> {
  constructor(
    private readonly context: SeedContext,
    readonly table: T,
    private readonly state: State = { overrides: {}, traits: [], transient: {} },
  ) {
    const definition = context.definition(table) as AnyDefinition;
    for (const trait of Object.keys(definition.traits ?? {})) {
      Object.defineProperty(this, trait, {
        value: () => this.with({ traits: [...state.traits, trait] }),
        enumerable: false,
      });
    }
  }

  /** One row's values, built without a database (parents it needs are built too, not inserted). */
  build(overrides: Overrides<T> = {}): InsertOf<T> {
    return this.context.build(
      this.table,
      { ...this.state.overrides, ...overrides } as never,
      this.state.traits,
      this.state.transient,
    ) as unknown as InsertOf<T>;
  }

  buildList(count: number, overrides: Overrides<T> | ((index: number) => Overrides<T>) = {}): InsertOf<T>[] {
    return Array.from({ length: count }, (_, i) =>
      this.build(typeof overrides === 'function' ? overrides(i) : overrides),
    );
  }

  /** Inserts one row (and any parent it needs) and returns it as PostgreSQL stored it. */
  create(overrides: Overrides<T> = {}): Promise<RowOf<T>> {
    return this.context.create(
      this.table,
      { ...this.state.overrides, ...overrides } as never,
      this.state.traits,
      this.state.transient,
    );
  }

  /**
   * Creates `count` rows as `count` create() calls would (later rows may see earlier ones as their
   * parents). From `copyThreshold` rows on (default 200) they are sent with COPY: the same rows,
   * several times faster. `overrides` may be a function of the row's index (0-based), for lists
   * whose rows differ (each notification about its own render).
   *
   * @example
   * await f.notification.createList(jobs.length, (i) => ({ user_id: jobs[i].user_id }));
   */
  createList(
    count: number,
    overrides: Overrides<T> | ((index: number) => Overrides<T>) = {},
  ): Promise<RowOf<T>[]> {
    const base = this.state.overrides;
    return this.context.createMany(
      this.table,
      count,
      (typeof overrides === 'function'
        ? (index: number) => ({ ...base, ...overrides(index) })
        : { ...base, ...overrides }) as never,
      this.state.traits,
      this.state.transient,
    );
  }

  /** A new factory with these column values as its defaults. */
  params(overrides: Overrides<T>): BoundFactory<T, Trait, Transient> {
    return this.with({ overrides: { ...this.state.overrides, ...overrides } });
  }

  /** A new factory with these transient inputs (not columns; read by the factory's hooks). */
  transient(values: Partial<Transient>): BoundFactory<T, Trait, Transient> {
    return this.with({ transient: { ...this.state.transient, ...values } });
  }

  /** A new factory with a trait applied by name (the same as calling the trait's method). */
  trait(name: Trait): BoundFactory<T, Trait, Transient> {
    return this.with({ traits: [...this.state.traits, name] });
  }

  private with(change: Partial<State>): BoundFactory<T, Trait, Transient> {
    return new Factory(this.context, this.table, { ...this.state, ...change }) as BoundFactory<
      T,
      Trait,
      Transient
    >;
  }
}

/** A factory plus one method per trait: `f.renderJob.failed().create()`. */
export type BoundFactory<T extends TableName, Trait extends string, Transient extends object> = Factory<
  T,
  Trait,
  Transient
> & {
  readonly [K in Trait]: () => BoundFactory<T, Trait, Transient>;
};

export type BoundFactoryOf<D> =
  D extends FactoryDefinition<infer T, infer Trait, infer Transient>
    ? BoundFactory<T, Trait, Transient>
    : never;
