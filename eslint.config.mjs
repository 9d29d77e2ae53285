// ESLint (flat config): TypeScript rules, no import cycles, and the boundaries of docs/ARCHITECTURE.md.
// `npm run lint` runs it with the Prettier check and knip; formatting rules are Prettier's alone.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Every folder under src/ is a feature (or a piece of shared ground such as graphql/ or database/). */
const FEATURES = readdirSync('src', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * Another feature's entity, repository and SQL are its own. These entities are also the GraphQL object types that
 * other features return and take (the viewer `User`, the catalogue's reference data), so they are part of what their
 * feature publishes. Shrink this list when a feature gets a model of its own apart from its table.
 */
const PUBLISHED_ENTITIES = [
  'src/auth/user.entity.ts',
  'src/catalogue/party.entity.ts',
  'src/catalogue/regional-centre.entity.ts',
  'src/catalogue/thematic-module.entity.ts',
];

const crossFeatureZones = FEATURES.map((feature) => ({
  target: FEATURES.filter((other) => other !== feature).map((other) => `./src/${other}`),
  from: `./src/${feature}/**/*.{entity,repository,sql}.ts`,
  except: PUBLISHED_ENTITIES.map((path) => `**/${path}`),
  message:
    `A feature uses ${feature}/ only through what it exports for others (module, service, models, enums, loaders), ` +
    'never its entity, repository or SQL (docs/ARCHITECTURE.md, "Boundaries").',
}));

export default defineConfig([
  globalIgnores([
    'node_modules/',
    'dist/',
    'dist-*/',
    'var/',
    'coverage/',
    'migrations/*-*.ts',
    'web/dist/',
    // Written by graphql-codegen from schema.gql and the pages' operations.
    'web/src/gql/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    ignores: ['web/**'],
    languageOptions: {
      // `project` rather than `projectService`: one program for the whole tree, about 15 % less CPU here.
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    plugins: { 'import-x': importX },
    settings: {
      // Without these import-x parses no .ts file it resolves, and no-restricted-paths sees no import at all.
      'import-x/extensions': ['.ts', '.js', '.cjs', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      // Type-aware rules that find real defects (a promise nobody awaits, an async callback where a plain one is
      // expected); the rest of the type-checked presets cost time and mostly flag TypeORM's and pg's `any`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // The code base is typed at its edges (raw SQL rows, GraphQL inputs) with `any` on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Decorated classes (Nest modules) are empty on purpose.
      '@typescript-eslint/no-extraneous-class': 'off',

      // Cycles are dependency-cruiser's (`npm run lint:cycles`): it sees every file cycle import-x/no-cycle saw, and
      // those through `import type`, in 6 s where no-cycle took a quarter of ESLint's rule time.
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './libs',
              from: ['./src', './test', './bench'],
              message: 'libs/ are the ground src/ stands on: they never import src/, test/ or bench/.',
            },
            {
              target: './src',
              from: ['./test', './bench'],
              message: 'The application never imports tests or benchmarks.',
            },
          ],
        },
      ],
    },
  },

  {
    // Cross-feature boundaries. An entity may name another feature's entity (a relation needs the class), and the
    // composition root's entity list (src/entities.ts, outside every feature) names them all.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.entity.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src',
              from: ['./test', './bench'],
              message: 'The application never imports tests or benchmarks.',
            },
            ...crossFeatureZones,
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./',
              importNamePattern: '_(SQL|COLUMNS|JOINS)$',
              message:
                "Another feature's SQL is its own: ask its service (or a read model it publishes) instead " +
                '(docs/ARCHITECTURE.md, "Boundaries").',
            },
          ],
        },
      ],
    },
  },

  {
    // The application logs through the Nest Logger (pino); CLIs write to stdout/stderr themselves.
    files: ['src/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-console': 'error' },
  },

  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      // `expect(mock.method).toHaveBeenCalled()` and friends.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  {
    // The web application: browser code, its own TypeScript project, React's rules of hooks.
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { project: './web/tsconfig.json', tsconfigRootDir: import.meta.dirname },
      globals: globals.browser,
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },

  {
    files: ['**/*.{js,cjs,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
]);
