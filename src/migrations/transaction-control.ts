/** A statement that starts, ends or prepares a transaction, where a migration file has one. */
export interface TransactionControl {
  /** The statement's leading words, e.g. `COMMIT` or `START TRANSACTION`. */
  readonly statement: string;
  /** 1-based line of the file where the statement starts. */
  readonly line: number;
}

/**
 * Finds the first top-level transaction-control statement in a SQL script: BEGIN, START
 * TRANSACTION, COMMIT, END, ROLLBACK (but not ROLLBACK TO a savepoint), ABORT, PREPARE TRANSACTION.
 * Strings (`'…'`, `E'…'`), quoted identifiers, comments (`--`, nested `/* *\/`) and dollar-quoted
 * bodies (`$$…$$`, `$fn$…$fn$`: the BEGIN…END of a DO block or a plpgsql function) are skipped, and
 * so is the body of a `BEGIN ATOMIC … END` SQL function, whose `;` do not end the statement.
 *
 * postgres-migrations runs each file in one transaction and records it in the same one: a COMMIT
 * inside a file makes the statements before it permanent while a later failure "rolls back" only
 * the rest, and the bookkeeping row says nothing was applied.
 *
 * @example
 * findTransactionControl("CREATE TABLE t (id int);\nCOMMIT;"); // { statement: 'COMMIT', line: 2 }
 */
export function findTransactionControl(sql: string): TransactionControl | undefined {
  for (const statement of statements(sql)) {
    const [first, second] = statement.words;
    if (!first) continue;
    const control =
      first === 'BEGIN' ||
      first === 'COMMIT' ||
      first === 'END' ||
      first === 'ABORT' ||
      (first === 'ROLLBACK' && second !== 'TO') ||
      ((first === 'START' || first === 'PREPARE') && second === 'TRANSACTION');
    if (control) {
      const leading = first === 'START' || first === 'PREPARE' ? `${first} ${second}` : first;
      return { statement: leading, line: statement.line };
    }
  }
  return undefined;
}

interface Statement {
  /** The statement's first two words, upper-cased (enough to classify it). */
  readonly words: string[];
  readonly line: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** Splits a script into top-level statements, keeping only what classifying them needs. */
function* statements(sql: string): Generator<Statement> {
  let i = 0;
  let line = 1;
  let words: string[] = [];
  let allWords: string[] = [];
  let start = 1;
  // Inside `BEGIN ATOMIC … END`: CASE … END pairs nest in it, and `;` belongs to the body.
  let atomicDepth = 0;

  const advance = (to: number) => {
    for (let k = i; k < to && k < sql.length; k++) if (sql[k] === '\n') line++;
    i = to;
  };

  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      advance(end < 0 ? sql.length : end);
    } else if (c === '/' && next === '*') {
      let depth = 0;
      let k = i;
      while (k < sql.length) {
        if (sql[k] === '/' && sql[k + 1] === '*') {
          depth++;
          k += 2;
        } else if (sql[k] === '*' && sql[k + 1] === '/') {
          depth--;
          k += 2;
          if (depth === 0) break;
        } else k++;
      }
      advance(k);
    } else if (c === "'") {
      // E'…' strings take backslash escapes (the E was read as a one-letter word just before).
      const escapes = /[eE]/.test(sql[i - 1] ?? '') && !WORD_PART.test(sql[i - 2] ?? ' ');
      let k = i + 1;
      while (k < sql.length) {
        if (escapes && sql[k] === '\\') k += 2;
        else if (sql[k] === "'" && sql[k + 1] === "'") k += 2;
        else if (sql[k] === "'") break;
        else k++;
      }
      advance(k + 1);
    } else if (c === '"') {
      let k = i + 1;
      while (k < sql.length) {
        if (sql[k] === '"' && sql[k + 1] === '"') k += 2;
        else if (sql[k] === '"') break;
        else k++;
      }
      if (words.length === 0) start = line;
      allWords.push('"');
      advance(k + 1);
    } else if (c === '$' && !WORD_PART.test(sql[i - 1] ?? ' ')) {
      const tag = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        advance(end < 0 ? sql.length : end + tag[0].length);
      } else advance(i + 1); // $1: a parameter
    } else if (WORD_START.test(c)) {
      let k = i + 1;
      while (k < sql.length && WORD_PART.test(sql[k]!)) k++;
      const word = sql.slice(i, k).toUpperCase();
      if (allWords.length === 0) start = line;
      if (words.length < 2) words.push(word);
      const previous = allWords.at(-1);
      allWords.push(word);
      if (word === 'ATOMIC' && previous === 'BEGIN' && allWords.length > 2) atomicDepth++;
      else if (atomicDepth > 0 && word === 'CASE') atomicDepth++;
      else if (atomicDepth > 0 && word === 'END') atomicDepth--;
      advance(k);
    } else if (c === ';' && atomicDepth === 0) {
      if (words.length > 0) yield { words, line: start };
      words = [];
      allWords = [];
      advance(i + 1);
    } else {
      if (!/\s/.test(c) && allWords.length === 0) start = line;
      if (!/\s/.test(c)) allWords.push(c);
      advance(i + 1);
    }
  }
  if (words.length > 0) yield { words, line: start };
}
