import { Args, Context, Extensions, Mutation, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../graphql/context';
import { HASHES_PASSWORD } from '../graphql/one-password-field.rule';
import { AuthPayload, RegisterInput } from './dto/auth.inputs';
import { RegistrationResult } from './dto/registration.models';
import { RegistrationService } from './registration.service';

/** A delegate's own sign-up and the confirmation of its address. */
@Resolver()
export class RegistrationResolver {
  constructor(private readonly registration: RegistrationService) {}

  @Extensions(HASHES_PASSWORD)
  @Mutation(() => RegistrationResult, {
    description:
      'A delegate of an existing Party asks for an account. The same answer whether or not the address has one: a ' +
      'new address gets a confirmation link by e-mail (confirmEmail), an existing one a warning to its owner',
  })
  register(@Args('input') input: RegisterInput, @Context() ctx: GqlContext): Promise<RegistrationResult> {
    return this.registration.register(input, ctx.req.ip ?? 'unknown');
  }

  @Mutation(() => AuthPayload, {
    description:
      "Confirms an account's address with the token of the e-mail's link (once, before it expires) and signs in",
  })
  async confirmEmail(@Args('token') token: string, @Context() ctx: GqlContext): Promise<AuthPayload> {
    const payload = await this.registration.confirmEmail(token);
    ctx.user = payload.user; // the rest of this operation runs as the confirmed account
    return payload;
  }

  @Mutation(() => Boolean, {
    description: 'A new confirmation link for an account not confirmed yet; true whatever the address',
  })
  resendVerification(@Args('email') email: string, @Context() ctx: GqlContext): Promise<boolean> {
    return this.registration.resendVerification(email, ctx.req.ip ?? 'unknown');
  }
}
