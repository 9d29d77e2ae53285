import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations from the API's own schema (the repository's schema.gql, written by the server): a schema change
 * that breaks a page breaks `npm run build`. Operations are written with `graphql(…)` from src/gql in the pages.
 */
const config: CodegenConfig = {
  schema: '../schema.gql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { DateTime: 'string' }, skipTypename: false },
    },
  },
  silent: true,
};
export default config;
