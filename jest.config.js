// Three tiers share one config: unit specs sit beside the code, integration (*.int-spec.ts) and
// end-to-end (*.e2e-spec.ts) specs live in test/ and need DATABASE_URL (test/support/global-setup.ts starts a throwaway embedded PostgreSQL when none is set).
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      // Without decorator metadata Nest silently injects undefined for dependencies resolved by type.
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const ESM_ONLY_PACKAGES = ['@nestjs', 'jose', 'feed'];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // These packages ship ES modules only (NestJS 12, jose 6, feed 6); Jest on Node 20
  // cannot require them untransformed.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

module.exports = {
  // Jest reads testTimeout only here, not per project. A real PostgreSQL on a shared 2-core machine:
  // starting apps and scratch databases can take seconds under load, which Jest's default 5 s would
  // turn into failures that say nothing. Unit specs finish in milliseconds either way.
  testTimeout: 30_000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
  ],
};
