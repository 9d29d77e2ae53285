import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GqlContext } from '../graphql/context';

/** The signed-in user, or null for an anonymous caller. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<GqlContext>().user ?? null;
  }
  return context.switchToHttp().getRequest().user ?? null;
});
