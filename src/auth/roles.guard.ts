import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { forbidden, unauthenticated } from '@lib/common';
import type { User } from './user.entity';
import { Role } from './role.enum';
import { ROLES_KEY } from './roles.decorator';

/**
 * Global guard: an operation marked @Authenticated() needs a signed-in user, one marked @Roles(...) one of the
 * roles; an unmarked operation is public. Per-object rules (whose enrolment, which Party) live in the services.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles === undefined) return true;
    const user: User | null =
      context.getType<string>() === 'graphql'
        ? (GqlExecutionContext.create(context).getContext().user ?? null)
        : (context.switchToHttp().getRequest().user ?? null);
    if (!user) throw unauthenticated();
    if (roles.length && !roles.some((r) => user.roles.includes(r))) {
      throw forbidden(`Requires one of the roles ${roles.join(', ')}`);
    }
    return true;
  }
}
