import pg from 'pg';

/** An identifier quoted for SQL (`my"db` → `"my""db"`), by pg's own escaping. */
export const quoteIdent = (name: string): string => pg.escapeIdentifier(name);

/** A `schema.table` name quoted for SQL, each part on its own: `"identity"."users"`. */
export function quoteTable(table: string): string {
  const dot = table.indexOf('.');
  return dot < 0
    ? quoteIdent(table)
    : `${quoteIdent(table.slice(0, dot))}.${quoteIdent(table.slice(dot + 1))}`;
}

/** A string quoted as an SQL literal (`it's` → `'it''s'`), by pg's own escaping. */
export const quoteLiteral = (value: string): string => pg.escapeLiteral(value);
