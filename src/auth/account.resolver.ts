import { Args, Context, Extensions, Mutation, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../graphql/context';
import { HASHES_PASSWORD } from '../graphql/one-password-field.rule';
import { AccountService } from './account.service';
import { CurrentUser } from './current-user.decorator';
import { ChangePasswordArgs, ProfileInput, ResetPasswordArgs } from './dto/account.inputs';
import { AuthPayload } from './dto/auth.inputs';
import { Authenticated } from './roles.decorator';
import { User } from './user.entity';

/** An account's owner: a forgotten password, a new one, their own details. */
@Resolver()
export class AccountResolver {
  constructor(private readonly account: AccountService) {}

  @Mutation(() => Boolean, {
    description:
      'Sends a link to choose a new password (PUBLIC_URL/reset-password?token=…) to the address, if it is an enabled ' +
      "account's; true whatever the address",
  })
  requestPasswordReset(@Args('email') email: string, @Context() ctx: GqlContext): Promise<boolean> {
    return this.account.requestPasswordReset(email, ctx.req.ip ?? 'unknown');
  }

  @Extensions(HASHES_PASSWORD)
  @Mutation(() => AuthPayload, {
    description:
      "Sets a new password with the token of a reset e-mail's link (once, before it expires), confirms the address, " +
      'ends every other session of the account and signs in',
  })
  async resetPassword(
    @Args() { token, password }: ResetPasswordArgs,
    @Context() ctx: GqlContext,
  ): Promise<AuthPayload> {
    const payload = await this.account.resetPassword(token, password);
    ctx.user = payload.user; // the rest of this operation runs as that account
    return payload;
  }

  @Authenticated()
  @Extensions(HASHES_PASSWORD)
  @Mutation(() => Boolean, {
    description:
      "The viewer's new password, given the current one; ends every session of the account, this one included " +
      '(sign in again with the new password)',
  })
  changePassword(
    @CurrentUser() viewer: User,
    @Args() { currentPassword, newPassword }: ChangePasswordArgs,
    @Context() ctx: GqlContext,
  ): Promise<boolean> {
    return this.account.changePassword(viewer, currentPassword, newPassword, ctx.req.ip ?? 'unknown');
  }

  @Authenticated()
  @Mutation(() => User, {
    description: "The viewer's own name, language, time zone and gender; what is left out stays",
  })
  async updateProfile(
    @CurrentUser() viewer: User,
    @Args('input') input: ProfileInput,
    @Context() ctx: GqlContext,
  ): Promise<User> {
    const user = await this.account.updateProfile(viewer, input);
    ctx.user = user; // the rest of this operation sees the new details
    return user;
  }
}
