import { join } from 'node:path';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { AppConfig } from '../config/config';
import type { AuthenticatedRequest, GqlContext } from './context';
import { formatGraphQLError } from './format-error';
import { onePasswordFieldPerRequest } from './one-password-field.rule';
import { Loaders } from './loaders';
import { DateTimeScalar } from './date-time.scalar';

/**
 * Apollo as the platform serves it: schema generated from the code into schema.gql, the error mapper, limits on
 * depth, cost, aliases and tokens checked before any resolver runs, no batching, and in production no
 * introspection and no landing page.
 */
export function graphqlOptions(
  config: AppConfig,
  owners: { stringifyResult: NonNullable<ApolloDriverConfig['stringifyResult']> },
): ApolloDriverConfig {
  const armor = new ApolloArmor({
    // Introspection counts too: the schema has no cycles, but `ofType` nests as deep as a client likes.
    maxDepth: { n: config.graphql.maxDepth, flattenFragments: true, ignoreIntrospection: false },
    costLimit: { maxCost: config.graphql.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    // Armor's token plugin answers a syntax error with HTTP 500; graphql-js's own parser limit (below) does not.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.production },
  }).protect();

  return {
    // `npm start` in development rewrites the committed schema.gql; production and tests keep it in memory.
    autoSchemaFile: config.env === 'development' ? join(process.cwd(), 'schema.gql') : true,
    sortSchema: true,
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
    path: '/graphql',
    playground: false,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    parseOptions: { maxTokens: 5000 },
    validationRules: [...armor.validationRules, onePasswordFieldPerRequest],
    // @nestjs/apollo loads Apollo's ESM build and this CommonJS code its CJS build: same objects, twin types.
    plugins: [
      ...armor.plugins,
      config.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault(),
    ] as NonNullable<ApolloDriverConfig['plugins']>,
    formatError: formatGraphQLError,
    // A cached catalogue page goes out as the text made when it was cached (bench P2); anything else as Apollo does.
    // The catalogue cache is the sessions feature's: the composition root hands its serialiser in.
    stringifyResult: owners.stringifyResult,
    context: ({ req }: { req: AuthenticatedRequest }): GqlContext => {
      if (req.authError) {
        throw new GraphQLError(req.authError, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      }
      return { req, user: req.user ?? null, loaders: new Loaders() };
    },
  };
}
