// The layers of src/, bottom to top. A module may import from its own layer and the layers below
// it, never from a layer above, never from a sibling on the same floor (the two engines, the shells),
// and never in a circle. `npm test` runs `depcruise` with these rules (npm run lint:layers);
// ARCHITECTURE.md's layer table is checked against LAYERS by test/unit/architecture.test.ts.
//
// Each floor lists its layers; a layer is a folder of src/ or a list of root files.
const LAYERS = [
  [{ name: 'kernel', paths: ['src/errors.ts', 'src/version.ts', 'src/did-you-mean.ts'] }],
  [{ name: 'schema' }],
  [{ name: 'domain' }],
  [{ name: 'config' }],
  [{ name: 'sql' }],
  [{ name: 'migrations' }],
  [{ name: 'server' }],
  [{ name: 'database' }],
  [{ name: 'verify' }],
  [{ name: 'factories' }, { name: 'load' }],
  [{ name: 'scenarios' }],
  [{ name: 'seeding' }, { name: 'codegen' }],
  [{ name: 'cli' }, { name: 'vitest' }, { name: 'entry', paths: ['src/index.ts', 'src/advanced.ts'] }],
];

const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The path pattern of one layer. */
const pattern = (layer) =>
  layer.paths ? `^(${layer.paths.map(literal).join('|')})$` : `^src/${literal(layer.name)}/`;

const rules = [];
LAYERS.forEach((floor, level) => {
  const above = LAYERS.slice(level + 1).flat();
  for (const layer of floor) {
    const siblings = floor.filter((other) => other !== layer);
    if (above.length > 0) {
      rules.push({
        name: `${layer.name}-imports-up`,
        severity: 'error',
        comment: `${layer.name} sits below ${above.map((l) => l.name).join(', ')}: it may not import from them. Move the code down, or pass it in from above.`,
        from: { path: pattern(layer) },
        to: { path: above.map(pattern) },
      });
    }
    if (siblings.length > 0) {
      rules.push({
        name: `${layer.name}-imports-sibling`,
        severity: 'error',
        comment: `${layer.name} and ${siblings.map((l) => l.name).join(', ')} share a floor and stay independent: move what both need one floor down.`,
        from: { path: pattern(layer) },
        to: { path: siblings.map(pattern) },
      });
    }
  }
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...rules,
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules that import each other in a circle (type-only imports included): break it by moving the shared part down.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-imports-outside',
      severity: 'error',
      comment: 'The package ships src/ only: it may not import tests, benchmarks or scripts.',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts|examples)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.d\\.ts$', '^(dist|node_modules)/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
  },
};
// For the ARCHITECTURE.md check; not enumerable, since the config's schema allows no extra keys.
Object.defineProperty(module.exports, 'LAYERS', { value: LAYERS, enumerable: false });
