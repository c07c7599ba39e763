import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { enumValues, tableInfo } from '../../../src/schema/generated/tables.js';
import { sources } from '../../support/source-files.js';

/**
 * The two engines (src/factories, per row, and src/load, in bulk) take FlatRender's vocabulary and
 * rules from src/domain. A string written in both is a rule or a word defined twice: the copies
 * drift (they did: three price tables, two API key formats, two bucket names for uploads). This
 * reads every string literal of both engines and fails on one they share, unless it is a name the
 * schema defines (a table, column or enum value: the type checker keeps those true) or a word of
 * the plumbing listed below with its reason.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Words both engines may write, and why each is not a copy of a rule. */
const PLUMBING: Readonly<Record<string, string>> = {
  string: 'a JavaScript typeof result',
  number: 'a JavaScript typeof result',
  text: 'a PostgreSQL type name (COPY encoding)',
  int2: 'a PostgreSQL type name (COPY encoding)',
  int4: 'a PostgreSQL type name (COPY encoding)',
  jsonb: 'a PostgreSQL type name (COPY encoding)',
  numeric: 'a PostgreSQL type name (COPY encoding)',
  utf8: 'a Node.js encoding name',
  hex: 'a Node.js encoding name',
  fa: 'a locale code (the schema defaults to it)',
  en: 'a locale code (the schema defaults to it)',
  sha256: 'a Node.js hash algorithm name',
  tenant: "a value of domain/billing.ts's Funding union (the type checker holds it to the domain)",
  plan: "a value of domain/billing.ts's Funding union",
  wallet: "a value of domain/billing.ts's Funding union",
  people: "the name of one of domain/activity.ts's clocks",
  api: "the name of one of domain/activity.ts's clocks",
  pro: "the tier word of FlatRender's plan codes ('pro-<n>')",
  enterprise: 'a word in two unrelated places: a plan tier code and a tenant tier tag',
  running: 'a state of a shard of a sharded load (load/shard-registry.ts), not a domain value',
  failed: 'a state of a shard of a sharded load (load/shard-registry.ts), not a domain value',
};

/** Each string literal of a folder's modules (not import paths or type positions), with a file it is in. */
function literals(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(path.join(ROOT, dir))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (
        (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
        !ts.isImportDeclaration(node.parent) &&
        !ts.isExportDeclaration(node.parent) &&
        !ts.isLiteralTypeNode(node.parent)
      ) {
        found.set(node.text, path.relative(ROOT, file));
      }
      node.forEachChild(visit);
    };
    visit(source);
  }
  return found;
}

function schemaNames(): Set<string> {
  const names = new Set<string>();
  for (const [table, info] of Object.entries(tableInfo)) {
    names.add(table);
    for (const column of info.columns) names.add(column.name);
  }
  for (const values of Object.values(enumValues)) for (const value of values) names.add(value);
  return names;
}

describe('one domain model, two engines', () => {
  it('src/factories and src/load share no string that is not a schema name or plumbing', () => {
    const factories = literals('src/factories');
    const load = literals('src/load');
    const schema = schemaNames();
    const shared = [...factories.keys()]
      .filter((text) => load.has(text) && /[A-Za-z\u0600-\u06FF]{2}/.test(text))
      .filter((text) => !schema.has(text) && !(text in PLUMBING))
      .map((text) => `${JSON.stringify(text)} in ${factories.get(text)} and ${load.get(text)}`);
    expect(shared, 'define it once in src/domain and import it from both engines').toEqual([]);
  });

  it('the check sees a copy: a word both engines spelled out before the domain model', () => {
    // The upload bucket was 'user-files' in one engine and 'uploads' in the other; both now read
    // domain/files.ts's BUCKETS. Had they still spelled it out, the literal would be in both.
    const factories = literals('src/factories');
    const domain = literals('src/domain');
    expect(domain.has('user-files')).toBe(true);
    expect(factories.has('user-files')).toBe(false);
    expect(literals('src/load').has('user-files')).toBe(false);
  });

  // Usage is one rule (domain/usage.ts): the load counts it as it generates (jobUsage), the factories
  // recount it with verify's SQL (verify/usage-recount.ts, built from domain/usage.ts's USAGE_FIELDS).
  it('both engines import the domain modules that hold the shared rules', () => {
    const importsOf = (dir: string) =>
      new Set(
        sources(path.join(ROOT, dir)).flatMap((file) =>
          [...readFileSync(file, 'utf8').matchAll(/from '(?:\.\.\/)+domain\/([\w-]+)\.js'/g)].map(
            (m) => m[1],
          ),
        ),
      );
    const factories = importsOf('src/factories');
    const load = importsOf('src/load');
    for (const module of [
      'activity',
      'billing',
      'calendar',
      'catalogue',
      'files',
      'media',
      'notifications',
      'pricing',
      'random',
      'render-farm',
      'render-job',
      'reseller-api',
    ]) {
      expect([module, factories.has(module), load.has(module)]).toEqual([module, true, true]);
    }
  });
});
