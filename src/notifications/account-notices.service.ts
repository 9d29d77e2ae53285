import { Inject, Injectable } from '@nestjs/common';
import { MailKind } from '@lib/mailer';
import { QueueName, type EmailVerificationJobData, type PasswordResetJobData } from '@lib/queue';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AccountTokenPurpose } from '../auth/account-token-purpose.enum';
import { AccountTokensService } from '../auth/account-tokens.service';
import { recipientOf } from '../auth/recipient';
import type { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { MailDeliveryService, type DeliveryOutcome } from './mail-delivery.service';

export type AccountNoticeOutcome = DeliveryOutcome | 'DROPPED_CONFIRMED' | 'DROPPED_NO_ACCOUNT';

type Attempt = { attemptsMade: number; maxAttempts: number };

/**
 * The e-mails that carry a one-time account link: the confirmation of an account's address and the password reset.
 * Each link's token is made here, when the message is about to go out, and only its hash is stored: the plain token
 * lives in the e-mail alone (not in the outbox, the job or the ledger). The ledger still sends the message once per
 * job; a run that does not send (already sent, or failed and retried) drops the token it made, and the next attempt
 * makes a fresh one. The links lead into the web application (PUBLIC_URL/confirm-email, PUBLIC_URL/reset-password),
 * which calls confirmEmail or resetPassword with the token.
 */
@Injectable()
export class AccountNoticesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly tokens: AccountTokensService,
    private readonly delivery: MailDeliveryService,
  ) {}

  async sendEmailVerification(
    key: string,
    job: EmailVerificationJobData,
    attempt: Attempt,
  ): Promise<AccountNoticeOutcome> {
    const user = await this.users.findById(job.userId);
    if (!user || user.disabledAt) return 'DROPPED_NO_ACCOUNT';
    if (user.emailVerifiedAt) return 'DROPPED_CONFIRMED';
    return this.sendLink(key, user, job.occurredAt, attempt, {
      purpose: AccountTokenPurpose.VERIFY_EMAIL,
      ttlMs: this.config.registration.verificationTtlMs,
      kind: MailKind.EMAIL_VERIFICATION,
      path: '/confirm-email',
    });
  }

  /** A password reset link, for an enabled account (confirmed or not: following the link confirms the address). */
  async sendPasswordReset(key: string, job: PasswordResetJobData, attempt: Attempt): Promise<AccountNoticeOutcome> {
    const user = await this.users.findById(job.userId);
    if (!user || user.disabledAt) return 'DROPPED_NO_ACCOUNT';
    return this.sendLink(key, user, job.occurredAt, attempt, {
      purpose: AccountTokenPurpose.PASSWORD_RESET,
      ttlMs: this.config.registration.passwordResetTtlMs,
      kind: MailKind.PASSWORD_RESET,
      path: '/reset-password',
    });
  }

  private async sendLink(
    key: string,
    user: User,
    occurredAt: string,
    attempt: Attempt,
    link: {
      purpose: AccountTokenPurpose;
      ttlMs: number;
      kind: MailKind.EMAIL_VERIFICATION | MailKind.PASSWORD_RESET;
      path: string;
    },
  ): Promise<DeliveryOutcome> {
    const { token, expiresAt } = await this.tokens.mint(user.id, link.purpose, link.ttlMs);
    const url = `${this.config.publicUrl}${link.path}?token=${token}`;
    const expires = new Date(expiresAt).toISOString();
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.delivery.deliver(
        key,
        link.kind === MailKind.EMAIL_VERIFICATION
          ? { kind: link.kind, to: recipientOf(user), data: { confirmUrl: url, expiresAt: expires }, occurredAt }
          : { kind: link.kind, to: recipientOf(user), data: { resetUrl: url, expiresAt: expires }, occurredAt },
        { queue: QueueName.MAIL, ...attempt },
      );
    } catch (err) {
      await this.tokens.discard(token);
      throw err;
    }
    if (outcome === 'ALREADY_SENT') await this.tokens.discard(token);
    return outcome;
  }
}
