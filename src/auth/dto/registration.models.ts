import { Field, ObjectType } from '@nestjs/graphql';

/**
 * What `register` answers, the same for an address that is new and for one that has an account: only the mailbox
 * learns which it was (a confirmation link, or a "someone tried to register with your address" e-mail).
 */
@ObjectType({ description: 'The answer to a sign-up: check the mailbox of `email` to go on' })
export class RegistrationResult {
  @Field({ description: 'The address as it was read (trimmed, lower-cased)' })
  email: string;

  @Field({ description: 'True: the account is usable once the link sent to the address has been followed' })
  verificationRequired: boolean;
}
