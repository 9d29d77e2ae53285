import type { GqlContext } from '../graphql/context';
import { byKeys } from '../graphql/loaders';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Request-scoped batch load of accounts by id, for any field that points at a user. */
export function loadUser(ctx: GqlContext, users: UsersService, id: string): Promise<User | null> {
  return ctx.loaders
    .get<string, User | null>('auth.user', async (ids) => byKeys(ids, await users.usersByIds(ids), (u) => u.id))
    .load(id);
}
