import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../../../src/migrations/migration-files.js';
import { findTransactionControl } from '../../../src/migrations/transaction-control.js';

describe('findTransactionControl', () => {
  it('finds BEGIN, COMMIT, END, ROLLBACK, ABORT, START and PREPARE TRANSACTION at the top level', () => {
    expect(findTransactionControl('CREATE TABLE t (id int);\nCOMMIT;')).toEqual({
      statement: 'COMMIT',
      line: 2,
    });
    expect(findTransactionControl('begin;\nCREATE TABLE t (id int);')).toEqual({
      statement: 'BEGIN',
      line: 1,
    });
    expect(findTransactionControl('SELECT 1;\n\n  end')).toEqual({ statement: 'END', line: 3 });
    expect(findTransactionControl('SELECT 1; Rollback;')?.statement).toBe('ROLLBACK');
    expect(findTransactionControl('ABORT;')?.statement).toBe('ABORT');
    expect(findTransactionControl('START TRANSACTION ISOLATION LEVEL SERIALIZABLE;')?.statement).toBe(
      'START TRANSACTION',
    );
    expect(findTransactionControl("PREPARE TRANSACTION 'x';")?.statement).toBe('PREPARE TRANSACTION');
    expect(findTransactionControl('/* note */ COMMIT')?.line).toBe(1);
  });

  it('ignores the words inside strings, identifiers, comments and dollar-quoted bodies', () => {
    const sql = `
      -- COMMIT; in a comment
      /* BEGIN; /* nested: COMMIT; */ still a comment; ROLLBACK; */
      INSERT INTO t (note) VALUES ('it''s; COMMIT; here'), (E'a \\' ; COMMIT;');
      CREATE TABLE "weird; COMMIT" (id int);
      DO $$ BEGIN PERFORM 1; COMMIT; END $$;
      CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE NOTICE 'x';
      END
      $fn$;
      SELECT $1;
      ROLLBACK TO SAVEPOINT a;
      SAVEPOINT b; RELEASE b;
    `;
    expect(findTransactionControl(sql)).toBeUndefined();
  });

  it('reads a BEGIN ATOMIC function body, with CASE … END inside it, as one statement', () => {
    const sql = `CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC
      SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
      SELECT 2;
    END;
    SELECT 3;`;
    expect(findTransactionControl(sql)).toBeUndefined();
    expect(findTransactionControl(`${sql}\nCOMMIT;`)).toEqual({ statement: 'COMMIT', line: 6 });
  });

  it('finds none in the FlatRender migrations', async () => {
    for (const name of await readdir(defaultMigrationsDir)) {
      const sql = await readFile(path.join(defaultMigrationsDir, name), 'utf8');
      expect(findTransactionControl(sql), name).toBeUndefined();
    }
  });
});
