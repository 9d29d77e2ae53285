import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { notFound } from '@lib/common';
import { CurrentUser } from '../auth/current-user.decorator';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { AccountClosureService } from './account-closure.service';

@Resolver(() => User)
export class AccountClosureResolver {
  constructor(private readonly closure: AccountClosureService) {}

  @Roles(Role.SECRETARIAT)
  @Mutation(() => User, {
    description:
      'SECRETARIAT: disable an account; its tokens stop working at once and its enrolments in sessions not yet started ' +
      'are cancelled (their seats go to the waitlists)',
  })
  async disableUser(@Args('id', { type: () => ID }) id: string, @CurrentUser() actor: User): Promise<User> {
    const user = await this.closure.disable(id, actor);
    if (!user) throw notFound('User', id);
    return user;
  }
}
