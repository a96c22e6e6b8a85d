import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'jest.config.js',
      '.dependency-cruiser.cjs',
      // Written by openapi-typescript (npm run openapi:types).
      'src/demo/copydesk-api.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Not consistent-type-imports: Nest injects by the constructor parameter's class, which must stay a value import.
      'no-console': ['error', { allow: ['error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // CLIs and benchmarks talk to a terminal.
    files: ['src/cli/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
