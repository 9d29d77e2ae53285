import { Plugin } from '@nestjs/apollo';
import type {
  ApolloServerPlugin,
  GraphQLRequestContext,
  GraphQLRequestListener,
  GraphQLServerContext,
} from '@apollo/server';
import type { GqlContext } from '../graphql/context';
import { markCountedByGraphql } from './http-metrics.middleware';
import { MetricsService } from './metrics.service';
import { OTHER_OPERATION } from './operation-names';

/**
 * Latency per GraphQL operation (the admitted operation names, see OperationNames) and every error of the answer by
 * its code, as formatGraphQLError left it. The request is marked so that the HTTP middleware does not count the
 * same refusal again; a request Apollo refuses before this plugin starts (no context: a bad token) is the
 * middleware's to count, from its HTTP status.
 */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin<GqlContext> {
  constructor(private readonly metrics: MetricsService) {}

  async serverWillStart({ schema }: GraphQLServerContext): Promise<void> {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    this.metrics.operationNames.know(roots.flatMap((type) => (type ? Object.keys(type.getFields()) : [])));
  }

  async requestDidStart(start: GraphQLRequestContext<GqlContext>): Promise<GraphQLRequestListener<GqlContext>> {
    const began = process.hrtime.bigint();
    markCountedByGraphql(start.contextValue.req);
    let operation = OTHER_OPERATION;
    let type = 'unknown';
    return {
      // Only an operation that parsed and validated may take a name (and spend one of the admitted names).
      didResolveOperation: async (ctx) => {
        operation = this.metrics.operationNames.labelOf(ctx.operationName);
        type = ctx.operation?.operation ?? 'unknown';
      },
      willSendResponse: async (ctx) => {
        const seconds = Number(process.hrtime.bigint() - began) / 1e9;
        this.metrics.observeGraphql(operation, type, seconds);
        const body = ctx.response.body;
        const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
        for (const error of errors ?? []) this.metrics.countError(error.extensions?.code);
      },
    };
  }
}
