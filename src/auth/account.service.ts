import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { badInput, canonicalTimeZone, unauthenticated } from '@lib/common';
import { OutboxEventType } from '@lib/queue';
import { OutboxService } from '../outbox/outbox.service';
import { AccountTokenPurpose } from './account-token-purpose.enum';
import { AccountTokensService } from './account-tokens.service';
import { AuthService } from './auth.service';
import { ProfileInput } from './dto/account.inputs';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordHasher } from './password';
import { recipientOf } from './recipient';
import { RegistrationRateLimiter } from './registration-rate-limiter';
import { User } from './user.entity';
import { normaliseEmail, UsersService } from './users.service';

/** What a reset link that does not work is told: the words and reason of a confirmation link that does not. */
const invalidLink = () =>
  unauthenticated('This link is not valid: it may have expired or been used already', { reason: 'INVALID_TOKEN' });

/**
 * An account's owner looking after it: a forgotten password (by e-mail), a new password, their own details.
 * Every password change ends every session of the account (its tokens carry the account's token version).
 */
@Injectable()
export class AccountService {
  private readonly log = new Logger(AccountService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly tokens: AccountTokensService,
    private readonly passwords: PasswordHasher,
    private readonly outbox: OutboxService,
    private readonly accountRequests: RegistrationRateLimiter,
    private readonly logins: LoginRateLimiter,
  ) {}

  /**
   * A reset link for the enabled account of this address, if there is one; the same answer (true) for any address.
   * Counted like resendVerification: per client, and e-mails per address.
   */
  async requestPasswordReset(email: string, client: string): Promise<boolean> {
    await this.accountRequests.consume(client);
    const address = normaliseEmail(email).slice(0, 254);
    const user = address ? await this.users.findByEmail(address) : null;
    if (user && !user.disabledAt && (await this.accountRequests.mayMail(address))) {
      await this.db.transaction((tx) =>
        this.outbox.append(tx, OutboxEventType.PASSWORD_RESET_REQUESTED, user.id, { account: recipientOf(user) }),
      );
    }
    return true;
  }

  /**
   * Sets a new password with the token of a reset link (once, before it expires, for an enabled account), confirms
   * the address the link went to, ends every session of the account and signs in anew. Every failure of the token
   * gets the same answer as a bad confirmation link.
   */
  async resetPassword(token: string, password: string): Promise<{ accessToken: string; user: User }> {
    // A token that cannot work costs no password hash; one that can is used (once) only after the hash is made,
    // outside the transaction: a hash waiting for its turn must not hold a database connection.
    if (!(await this.tokens.peek(token, AccountTokenPurpose.PASSWORD_RESET))) throw invalidLink();
    const passwordHash = await this.passwords.hash(password);
    const userId = await this.db.transaction(async (tx) => {
      const id = await this.tokens.use(tx, token, AccountTokenPurpose.PASSWORD_RESET);
      const account = id ? await tx.getRepository(User).findOneBy({ id }) : null;
      if (!account || account.disabledAt) return null;
      await this.users.replacePassword(tx, account.id, passwordHash);
      await this.users.markEmailVerified(tx, account.id);
      return account.id;
    });
    const user = userId ? await this.users.findById(userId) : null;
    if (!user) throw invalidLink();
    this.log.log({ msg: 'password reset', userId: user.id });
    return { accessToken: await this.auth.issueToken(user), user };
  }

  /**
   * The viewer's new password, given their current one. A wrong current password is refused as a wrong sign-in is
   * (UNAUTHENTICATED) and counts as a failed sign-in of the account from this client; a right one ends every
   * session of the account, this one included.
   */
  async changePassword(viewer: User, currentPassword: string, newPassword: string, client: string): Promise<boolean> {
    const attempt = await this.logins.begin(viewer.email, client);
    let ok: boolean;
    try {
      ok = currentPassword.length <= 200 && (await this.passwords.verify(viewer.passwordHash, currentPassword));
    } catch (err) {
      await attempt.unchecked();
      throw err;
    }
    if (!ok) {
      this.log.warn({ msg: 'password change refused', userId: viewer.id, client });
      throw unauthenticated('Wrong password');
    }
    await attempt.succeeded();
    await this.users.setPassword(viewer.id, newPassword);
    this.log.log({ msg: 'password changed', userId: viewer.id });
    return true;
  }

  /** The viewer's own name, language, time zone and gender; what is left out stays as it is. */
  async updateProfile(viewer: User, input: ProfileInput): Promise<User> {
    const patch: Partial<Pick<User, 'fullName' | 'language' | 'timeZone' | 'gender'>> = {};
    if (input.fullName != null) patch.fullName = input.fullName;
    if (input.language != null) patch.language = input.language;
    if (input.timeZone != null) {
      const zone = canonicalTimeZone(input.timeZone);
      if (!zone) throw badInput('timeZone', `unknown IANA time zone ${input.timeZone}`);
      patch.timeZone = zone;
    }
    if (input.gender !== undefined) patch.gender = input.gender;
    if (Object.keys(patch).length) await this.users.updateProfile(viewer.id, patch);
    return (await this.users.findById(viewer.id))!;
  }
}
