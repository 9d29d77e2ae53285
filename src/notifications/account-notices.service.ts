import { Inject, Injectable } from '@nestjs/common';
import { MailKind } from '@lib/mailer';
import { QueueName, type EmailVerificationJobData } from '@lib/queue';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AccountTokenPurpose } from '../auth/account-token-purpose.enum';
import { AccountTokensService } from '../auth/account-tokens.service';
import { recipientOf } from '../auth/recipient';
import { UsersService } from '../auth/users.service';
import { MailDeliveryService, type DeliveryOutcome } from './mail-delivery.service';

export type AccountNoticeOutcome = DeliveryOutcome | 'DROPPED_CONFIRMED' | 'DROPPED_NO_ACCOUNT';

/**
 * The confirmation e-mail of an account's address. Its token is made here, when the message is about to go out, and
 * only its hash is stored: the plain token lives in the e-mail alone (not in the outbox, the job or the ledger). The
 * ledger still sends the message once per job; a run that does not send (already sent, or failed and retried) drops
 * the token it made, and the next attempt makes a fresh one.
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
    attempt: { attemptsMade: number; maxAttempts: number },
  ): Promise<AccountNoticeOutcome> {
    const user = await this.users.findById(job.userId);
    if (!user || user.disabledAt) return 'DROPPED_NO_ACCOUNT';
    if (user.emailVerifiedAt) return 'DROPPED_CONFIRMED';
    const { token, expiresAt } = await this.tokens.mint(
      user.id,
      AccountTokenPurpose.VERIFY_EMAIL,
      this.config.registration.verificationTtlMs,
    );
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.delivery.deliver(
        key,
        {
          kind: MailKind.EMAIL_VERIFICATION,
          to: recipientOf(user),
          data: {
            confirmUrl: `${this.config.publicUrl}/account/confirm?token=${token}`,
            expiresAt: new Date(expiresAt).toISOString(),
          },
          occurredAt: job.occurredAt,
        },
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
