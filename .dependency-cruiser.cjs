/**
 * The direction of the house (docs/architecture.md), checked by `npm run check`:
 * - a layer imports only layers below it (type-only imports count: a type is a dependency too);
 * - the pure layers reach no I/O library, directly or through another module;
 * - no import cycles, in src/, bench/ and scripts/.
 * Paths match anywhere below a `src/` folder so test/architecture can prove each rule on a
 * throw-away tree.
 */
const layers = [
  // rank 0: shared below everything
  ['base', '(^|/)src/(errors|concurrency)\\.ts$|(^|/)src/sql/'],
  ['desired', '(^|/)src/desired/'],
  ['metabase-client', '(^|/)src/metabase/'],
  ['legacy', '(^|/)src/legacy/'],
  ['catalog', '(^|/)src/catalog/'],
  ['translate', '(^|/)src/(translate|inventory|demo-data|reconcile|docs)/'],
  ['plan', '(^|/)src/plan/'],
  ['observe', '(^|/)src/observe/'],
  ['apply', '(^|/)src/apply/'],
  ['use-case', '(^|/)src/(generate|plan|provision)\\.ts$'],
  ['cli', '(^|/)src/cli/'],
];

const pure = '(^|/)src/(desired|translate|plan|catalog|sql|reconcile|docs)/';
const io =
  '^(node:)?(fs|fs/promises|net|http|https|child_process|dgram|tls)$|(^|/)node_modules/(pg|pg-copy-streams|axios)/';

const upward = layers.slice(0, -1).map(([name, path], i) => ({
  name: `no-upward-import-from-${name}`,
  comment: `${name} imports only the layers below it; the use cases and the CLI sit on top.`,
  severity: 'error',
  from: { path },
  to: { path: layers.slice(i + 1).map(([, p]) => p) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-io-in-pure-layers',
      comment: 'desired/, translate/, plan/, catalog/ and sql/ are pure: inject I/O instead.',
      severity: 'error',
      from: { path: pure },
      to: { path: io },
    },
    {
      name: 'no-io-reachable-from-pure-layers',
      comment: 'Nor through another module: a pure layer must not pull an I/O library in.',
      severity: 'error',
      from: { path: pure },
      to: { path: io, reachable: true },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles hide the direction of the flow.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
