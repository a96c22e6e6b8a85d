/**
 * The import rules of the design contract (README.md, "How the code is laid out"), checked in CI (npm run lint):
 * - the domain is pure: it imports only itself and Node's standard library;
 * - controllers never reach the event store or the database;
 * - read sides use only the write side's event vocabulary, never its handlers or controllers;
 * - the write side never imports a read side.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/**/domain/** may import only itself and node: built-ins (no Nest, TypeORM, class-validator or other code).',
      // Specs may read files (article-fold.spec.ts fingerprints the fold's sources); the code they test may not.
      from: { path: '^src/.+/domain/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^src/[^/]+/domain/', '^node:', '^(util|crypto)$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-has-no-frameworks',
      severity: 'error',
      from: { path: '^src/.+/domain/' },
      to: { path: 'node_modules/(@nestjs|typeorm|class-validator|class-transformer|pg)/' },
    },
    {
      name: 'controllers-never-touch-the-store',
      severity: 'error',
      from: { path: '\\.controller\\.ts$' },
      to: {
        path: [
          '^src/event-store/(event-store|command-runner|projection-registry)\\.ts$',
          'node_modules/typeorm/',
          'node_modules/pg/',
          '\\.projection\\.ts$',
        ],
      },
    },
    {
      name: 'read-sides-use-only-the-event-vocabulary',
      severity: 'error',
      comment:
        'desk/, published/, history/ and activity/ may import article events, the content fold, status and value types, and the ' +
        'folded state inline projections are given with each event (article.state), nothing else of articles/.',
      from: { path: '^src/(desk|published|history|activity)/' },
      to: {
        path: '^src/articles/',
        pathNot:
          '^src/articles/domain/(article\\.events|article\\.state|article-document|article-status|article\\.types|body-operations)\\.ts$',
      },
    },
    {
      name: 'write-side-never-imports-a-read-side',
      severity: 'error',
      from: { path: '^src/(articles|event-store)/' },
      to: { path: '^src/(desk|published|history|activity|projections)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
