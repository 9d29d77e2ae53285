import type { MailerOptions } from '@lib/mailer';
import type { AppConfig } from '../config/config';

/**
 * The mailer of a process: SMTP_URL (or files under MAIL_DIR), with as many pooled connections as a queue runs jobs at
 * once (WORKER_CONCURRENCY), so that no job's message waits for a connection another job holds.
 */
export function mailerOptionsOf(config: Pick<AppConfig, 'smtpUrl' | 'mailDir' | 'jobs'>): MailerOptions {
  return { smtpUrl: config.smtpUrl, mailDir: config.mailDir, maxConnections: config.jobs.concurrency };
}
