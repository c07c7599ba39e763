import type { ColumnInfo, SchemaInfo, TableInfo } from '../schema/schema-info.js';
import type { SoftReference } from '../schema/soft-references.js';

/**
 * One Markdown page per service schema: a Mermaid ER diagram (tables with their keys, foreign
 * keys as solid lines, soft references — ids kept without a foreign key — as dashed lines, the
 * one hard cross-schema foreign key marked) and a table of every column. Rendered from the
 * migrated schema by `seed codegen`, committed under docs/schema and drift-checked like the row
 * types, so the picture can never disagree with the migrations.
 */

/** A Mermaid entity name: schema and table joined (dots are not allowed). */
const entity = (table: string): string => table.replace('.', '__');

/** A column's type as the page shows it: enums by name, arrays with []. */
function typeOf(column: ColumnInfo): string {
  const base = column.enum ? column.type.split('.')[1]! : column.type;
  return column.array ? `${base}[]` : base;
}

/** Mermaid attribute types must be one word of letters, digits and underscores. */
const mermaidType = (column: ColumnInfo): string => typeOf(column).replace('[]', '_array');

function keyMarks(table: TableInfo, column: ColumnInfo, foreign: ReadonlySet<string>): string {
  const marks = [
    ...(table.primaryKey.includes(column.name) ? ['PK'] : []),
    ...(foreign.has(column.name) ? ['FK'] : []),
  ];
  return marks.join(', ');
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly soft: boolean;
  readonly nullable: boolean;
}

function diagram(schema: string, info: SchemaInfo, softReferences: readonly SoftReference[]): string {
  const tables = info.tables.filter((t) => t.name.startsWith(`${schema}.`));
  const own = new Set(tables.map((t) => t.name));
  const edges: Edge[] = [];
  const nullable = (table: string, column: string) =>
    info.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column)?.nullable ?? true;
  for (const fk of info.foreignKeys) {
    if (!own.has(fk.table)) continue;
    const cross = fk.table.split('.')[0] !== fk.references.split('.')[0];
    edges.push({
      from: fk.table,
      to: fk.references,
      label: cross ? `${fk.columns.join(', ')} (hard cross-schema FK)` : fk.columns.join(', '),
      soft: false,
      nullable: fk.columns.every((c) => nullable(fk.table, c)),
    });
  }
  for (const ref of softReferences) {
    if (!own.has(ref.table)) continue;
    edges.push({
      from: ref.table,
      to: ref.target,
      label: `${ref.column} (soft${ref.array ? ', array' : ''})`,
      soft: true,
      nullable: nullable(ref.table, ref.column),
    });
  }
  // Tables of other schemas that this one points at: named, without their columns.
  const outside = [...new Set(edges.map((e) => e.to).filter((t) => !own.has(t)))].sort();
  const lines = ['```mermaid', 'erDiagram'];
  for (const table of tables) {
    const foreign = new Set(
      info.foreignKeys.filter((fk) => fk.table === table.name).flatMap((fk) => fk.columns as string[]),
    );
    const keyed = table.columns.filter((c) => table.primaryKey.includes(c.name) || foreign.has(c.name));
    lines.push(`  ${entity(table.name)} {`);
    for (const column of keyed) {
      lines.push(`    ${mermaidType(column)} ${column.name} ${keyMarks(table, column, foreign)}`.trimEnd());
    }
    lines.push('  }');
  }
  for (const table of outside) lines.push(`  ${entity(table)} {`, '    uuid id PK', '  }');
  for (const edge of edges) {
    // Many rows point at one; a nullable reference may point at none.
    const right = edge.nullable ? 'o|' : '||';
    const line = edge.soft ? '..' : '--';
    lines.push(`  ${entity(edge.from)} }o${line}${right} ${entity(edge.to)} : "${edge.label}"`);
  }
  lines.push('```');
  return lines.join('\n');
}

function columnsTable(table: TableInfo, info: SchemaInfo, softReferences: readonly SoftReference[]): string {
  const references = new Map<string, string>();
  for (const fk of info.foreignKeys.filter((k) => k.table === table.name)) {
    fk.columns.forEach((c: string, i: number) => {
      references.set(c, `→ ${fk.references}.${fk.refColumns[i]}`);
    });
  }
  for (const ref of softReferences.filter((r) => r.table === table.name)) {
    references.set(ref.column, `⇢ ${ref.target}.id (soft${ref.array ? ', array' : ''})`);
  }
  const rows = table.columns.map((c) => {
    const key = table.primaryKey.includes(c.name) ? 'PK' : '';
    const nullable = c.nullable ? 'yes' : '';
    const fallback = c.generated ? 'generated' : (c.default ?? '');
    return `| \`${c.name}\` | ${typeOf(c)} | ${key} | ${nullable} | ${inlineCode(fallback)} | ${references.get(c.name) ?? ''} |`;
  });
  return [
    `### ${table.name}${table.partitioned ? ' (partitioned by month)' : ''}`,
    '',
    '| column | type | key | null | default | references |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const inlineCode = (text: string): string => (text ? `\`${text.replace(/\|/g, '\\|')}\`` : '');

/** The page of one schema. */
export function renderSchemaPage(
  schema: string,
  info: SchemaInfo,
  softReferences: readonly SoftReference[],
): string {
  const tables = info.tables.filter((t) => t.name.startsWith(`${schema}.`));
  return [
    '<!-- Generated by `seed codegen` from a database migrated with migrations/. Do not edit:',
    '     change a migration and run `npx seed codegen` (CI runs `seed codegen --check`). -->',
    '',
    `# Schema \`${schema}\` (${tables.length} tables)`,
    '',
    'Solid lines are foreign keys, dashed lines soft references (an id kept without a foreign key:',
    'services stay decoupled; `seed verify` checks each one). Only key columns are drawn; every',
    'column is listed below.',
    '',
    diagram(schema, info, softReferences),
    '',
    '## Tables',
    '',
    tables.map((t) => columnsTable(t, info, softReferences)).join('\n\n'),
    '',
  ].join('\n');
}

/** Every page by file name (`identity.md` …) plus an index (`README.md`). */
export function renderSchemaDocs(
  schemas: readonly string[],
  info: SchemaInfo,
  softReferences: readonly SoftReference[],
): Record<string, string> {
  const pages: Record<string, string> = {};
  for (const schema of schemas) pages[`${schema}.md`] = renderSchemaPage(schema, info, softReferences);
  pages['README.md'] = [
    '<!-- Generated by `seed codegen`. Do not edit. -->',
    '',
    `# The FlatRender V2 schema (${info.tables.length} tables)`,
    '',
    'One page per service schema, each with an ER diagram and every column:',
    '',
    ...schemas.map((s) => {
      const count = info.tables.filter((t) => t.name.startsWith(`${s}.`)).length;
      return `- [\`${s}\`](${s}.md): ${count} tables`;
    }),
    '',
  ].join('\n');
  return pages;
}
