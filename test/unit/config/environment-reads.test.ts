import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sources } from '../../support/source-files.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * Where the library may touch `process.env`: src/config resolves configuration from it, and the
 * shells (src/cli, src/vitest) hand it to resolveConfig / resolveTarget. Everything below gets its
 * settings passed down (docs/configuration.md).
 */
const ALLOWED = ['src/config/', 'src/cli/', 'src/vitest/'];

/**
 * The places a TypeScript source reaches the environment, as `line: code`: `process.env`,
 * `process['env']`, `const { env } = process` and `import { env } from 'node:process'`. Read from
 * the syntax tree, so comments and strings (`@example` blocks, messages) never count.
 */
function environmentReads(fileName: string, text: string): string[] {
  // Every form names both words: the rest of src/ (the generated schema…) needs no parse.
  if (!/\bprocess\b/.test(text) || !/\benv\b/.test(text)) return [];
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${line + 1}: ${node.getText(source)}`);
  };
  const isProcess = (node: ts.Expression) => ts.isIdentifier(node) && node.text === 'process';
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isProcess(node.expression) && node.name.text === 'env') {
      report(node);
    } else if (
      ts.isElementAccessExpression(node) &&
      isProcess(node.expression) &&
      ts.isStringLiteralLike(node.argumentExpression) &&
      node.argumentExpression.text === 'env'
    ) {
      report(node);
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isObjectBindingPattern(node.name) &&
      node.initializer &&
      isProcess(node.initializer) &&
      node.name.elements.some((e) => ((e.propertyName ?? e.name) as ts.Identifier).text === 'env')
    ) {
      report(node);
    } else if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      /^(node:)?process$/.test(node.moduleSpecifier.text) &&
      node.importClause?.namedBindings &&
      ts.isNamedImports(node.importClause.namedBindings) &&
      node.importClause.namedBindings.elements.some((e) => (e.propertyName ?? e.name).text === 'env')
    ) {
      report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('configuration in one place', () => {
  it('finds every way of reaching the environment, and none in comments or strings', () => {
    const text = [
      "import { env as environment } from 'node:process';",
      '// process.env.IN_A_LINE_COMMENT',
      '/** await startReadyServer(resolveConfig({}, process.env)); */',
      "const message = 'set process.env.FOO';",
      'const a = process.env.FLATRENDER_SEED_SPARE;',
      "const b = process['env'];",
      'const { env } = process;',
      'spawn(bin, [], { env: { ...process.env, LC_ALL: "C" } });',
    ].join('\n');
    expect(environmentReads('sample.ts', text)).toEqual([
      "1: import { env as environment } from 'node:process';",
      '5: process.env',
      "6: process['env']",
      '7: { env } = process',
      '8: process.env',
    ]);
  });

  it('only src/config reads process.env; src/cli and src/vitest may pass it in, nothing else touches it', () => {
    const outside = sources(path.join(ROOT, 'src'))
      .map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
      .filter((file) => !ALLOWED.some((folder) => file.startsWith(folder)))
      .flatMap((file) =>
        environmentReads(file, readFileSync(path.join(ROOT, file), 'utf8')).map((read) => `${file}:${read}`),
      );
    expect(outside, 'pass the setting down from resolveConfig (src/config/resolve-config.ts)').toEqual([]);
  });
});
