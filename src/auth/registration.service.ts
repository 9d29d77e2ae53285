import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { unauthenticated } from '@lib/common';
import { OutboxEventType } from '@lib/queue';
import { OutboxService } from '../outbox/outbox.service';
import { AccountTokenPurpose } from './account-token-purpose.enum';
import { AccountTokensService } from './account-tokens.service';
import { AuthService } from './auth.service';
import { RegisterInput } from './dto/auth.inputs';
import { PasswordHasher } from './password';
import { recipientOf } from './recipient';
import { RegistrationRateLimiter } from './registration-rate-limiter';
import { User } from './user.entity';
import { normaliseEmail, UsersService } from './users.service';

/** What `register` and `resendVerification` answer, the same for any address. */
export interface RegistrationReceipt {
  email: string;
  verificationRequired: boolean;
}

/**
 * A delegate's own sign-up, confirmed by e-mail. `register` gives the same answer, in about the same time (one
 * password hash, one transaction writing one outbox event), whether the address is new or has an account, so the
 * answer tells nobody which addresses have accounts: a new address gets a confirmation link, an existing one's owner
 * a "someone tried to register with your address" e-mail, and only the person reading that mailbox learns anything.
 */
@Injectable()
export class RegistrationService {
  private readonly log = new Logger(RegistrationService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly tokens: AccountTokensService,
    private readonly passwords: PasswordHasher,
    private readonly outbox: OutboxService,
    private readonly limiter: RegistrationRateLimiter,
  ) {}

  async register(input: RegisterInput, client: string): Promise<RegistrationReceipt> {
    await this.limiter.consume(client);
    const signUp = await this.users.delegateSignUp(input);
    // Hashed on both paths (what a new account needs is what an existing address must cost too), and before the
    // transaction: a hash waiting for its turn must not hold a database connection.
    const passwordHash = await this.passwords.hash(input.password);
    const mayMail = await this.limiter.mayMail(signUp.email);
    await this.db.transaction(async (tx) => {
      const { user, created } = await this.users.insertUnlessExists(tx, signUp, passwordHash);
      if (mayMail) await this.tell(tx, user, created);
    });
    return { email: signUp.email, verificationRequired: true };
  }

  /** A new confirmation link for an unconfirmed account; the same answer (true) for any address. */
  async resendVerification(email: string, client: string): Promise<boolean> {
    await this.limiter.consume(client);
    const address = normaliseEmail(email).slice(0, 254);
    const user = address ? await this.users.findByEmail(address) : null;
    if (user && !user.emailVerifiedAt && !user.disabledAt && (await this.limiter.mayMail(address))) {
      await this.db.transaction((tx) => this.tell(tx, user, false));
    }
    return true;
  }

  /**
   * Confirms the address a link's token was sent to and signs its owner in. A token works once, until it expires,
   * and not for a disabled account; every failure gets the same answer.
   */
  async confirmEmail(token: string): Promise<{ accessToken: string; user: User }> {
    const user = await this.confirm(token);
    return { accessToken: await this.auth.issueToken(user), user };
  }

  /** The same confirmation without signing in (the page the e-mail's link opens). */
  async confirm(token: string): Promise<User> {
    const user = await this.db.transaction(async (tx) => {
      const userId = await this.tokens.use(tx, token, AccountTokenPurpose.VERIFY_EMAIL);
      const account = userId ? await tx.getRepository(User).findOneBy({ id: userId }) : null;
      if (!account || account.disabledAt) return null;
      await this.users.markEmailVerified(tx, account.id);
      return account;
    });
    if (!user) {
      throw unauthenticated('This confirmation link is not valid: it may have expired or been used already', {
        reason: 'INVALID_TOKEN',
      });
    }
    this.log.log({ msg: 'e-mail address confirmed', userId: user.id });
    return (await this.users.findById(user.id))!;
  }

  /** The language of the account a link is for, when the link still works (the page speaks it). */
  async languageOfLink(token: string): Promise<string | null> {
    const userId = await this.tokens.peek(token, AccountTokenPurpose.VERIFY_EMAIL);
    return userId ? ((await this.users.findById(userId))?.language ?? null) : null;
  }

  /**
   * The e-mail a sign-up calls for, in the sign-up's transaction: a confirmation link for a new or still unconfirmed
   * account, "someone tried to register with your address" for a confirmed one, nothing for a disabled one.
   */
  private async tell(tx: EntityManager, user: User, created: boolean): Promise<void> {
    if (user.disabledAt) return;
    const account = recipientOf(user);
    if (created || !user.emailVerifiedAt) {
      await this.outbox.append(tx, OutboxEventType.EMAIL_VERIFICATION_REQUESTED, user.id, { account });
    } else {
      await this.outbox.append(tx, OutboxEventType.REGISTRATION_ATTEMPTED, user.id, { account });
    }
  }
}
