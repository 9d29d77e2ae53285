import { join } from 'node:path';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { AppConfig } from '../config/config';
import type { AuthenticatedRequest, GqlContext } from './context';
import { formatGraphQLError } from './format-error';
import { Loaders } from './loaders';

/**
 * Apollo as the platform serves it: schema generated from the code into schema.gql, the error mapper, limits on
 * depth, cost, aliases and tokens checked before any resolver runs, no batching, and in production no
 * introspection and no landing page.
 */
export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth, flattenFragments: true },
    costLimit: { maxCost: config.graphql.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
    maxAliases: { n: 15 },
    maxDirectives: { n: 20 },
    maxTokens: { n: 2000 },
    blockFieldSuggestion: { enabled: config.production },
  }).protect();

  return {
    autoSchemaFile: config.production ? true : join(process.cwd(), 'schema.gql'),
    sortSchema: true,
    path: '/graphql',
    playground: false,
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    validationRules: armor.validationRules,
    // @nestjs/apollo loads Apollo's ESM build and this CommonJS code its CJS build: same objects, twin types.
    plugins: [
      ...armor.plugins,
      config.production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault(),
    ] as NonNullable<ApolloDriverConfig['plugins']>,
    formatError: formatGraphQLError,
    context: ({ req }: { req: AuthenticatedRequest }): GqlContext => {
      if (req.authError) {
        throw new GraphQLError(req.authError, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      }
      return { req, user: req.user ?? null, loaders: new Loaders() };
    },
  };
}
