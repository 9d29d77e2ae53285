import {
  createTransport,
  type Mail,
  type SendMailOptions,
  type SMTPPoolOptions,
  type SMTPPoolSentMessageInfo,
  type StreamSentMessageInfo,
  type StreamTransportOptions,
} from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { writeEml } from './eml-directory';
import type { ComposedMail } from './mail-kinds';

export interface MailerOptions {
  /** SMTP_URL; null writes every message as an .eml file under mailDir instead. */
  smtpUrl: string | null;
  /** MAIL_DIR (default `var/mail`). */
  mailDir: string;
  /** Pooled SMTP connections; default 5 (the platform passes WORKER_CONCURRENCY). A `maxConnections` in the URL's query wins. */
  maxConnections?: number;
}

/**
 * The options of the pooled SMTP transport for SMTP_URL (nodemailer parses `url` and keeps the other keys where the
 * URL sets nothing, then picks its pool for `pool`). Exported so that a benchmark's bare nodemailer uses the same.
 */
export function smtpPoolOptions(smtpUrl: string, maxConnections = 5): SMTPPoolOptions & { url: string } {
  return { url: smtpUrl, pool: true, maxConnections };
}

/** A message as it goes over SMTP: its envelope and its bytes, built in memory from the composed mail. */
export interface BuiltMessage {
  envelope: { from: string | false; to: string[] };
  raw: Buffer;
  /** With angle brackets, as in the header. */
  messageId: string;
}

export interface MailSendResult {
  transport: 'smtp' | 'file';
  /** The SMTP server's last reply, or where the file went. */
  response: string;
  /** The .eml file written (file transport only). */
  file?: string;
}

/**
 * Sends composed messages over pooled SMTP, or writes them as RFC 822 files when no SMTP server is configured
 * (development, tests, a platform whose mail leaves through another system).
 * Errors are thrown to the caller, whose queue retries; `isPermanentMailError` tells which ones retrying cannot fix.
 */
export class Mailer {
  private readonly smtp: Mail<SMTPPoolSentMessageInfo, SMTPPoolOptions> | null;
  private readonly stream: Mail<StreamSentMessageInfo, StreamTransportOptions> | null;
  private readonly mailDir: string;

  constructor(opts: MailerOptions) {
    this.mailDir = opts.mailDir;
    if (opts.smtpUrl) {
      this.smtp = createTransport(smtpPoolOptions(opts.smtpUrl, opts.maxConnections));
      this.stream = null;
    } else {
      this.smtp = null;
      // CRLF line ends: the file is the message as it would travel over SMTP.
      this.stream = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    }
  }

  async send(mail: ComposedMail): Promise<MailSendResult> {
    if (this.smtp) {
      const { envelope, raw, messageId } = await buildMessage(mail);
      const info = await this.smtp.sendMail({
        envelope,
        raw,
        messageId,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      return { transport: 'smtp', response: info.response ?? '' };
    }
    const info = await this.stream!.sendMail(sendMailOptionsOf(mail));
    if (!Buffer.isBuffer(info.message)) throw new Error('the stream transport did not buffer the message');
    const file = await writeEml(this.mailDir, mail.messageId, info.message);
    return { transport: 'file', response: `written to ${file}`, file };
  }

  /** Closes the pooled SMTP connections (a no-op for files). */
  close(): void {
    this.smtp?.close();
  }
}

/** The composed message in nodemailer's terms. */
function sendMailOptionsOf(mail: ComposedMail): SendMailOptions {
  return {
    from: mail.from,
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    // The id is deterministic, so a retried send is recognisable as the same message downstream.
    messageId: `<${mail.messageId}>`,
    date: mail.date,
    headers: mail.headers,
    // Content is always in memory: nothing in a message may make the mailer read a local file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    ...(mail.calendar
      ? { icalEvent: { method: mail.calendar.method, content: mail.calendar.content, filename: 'invite.ics' } }
      : {}),
    // The three fields by name: a `path` or `href` cannot come along (and the two flags above would refuse it anyway).
    ...(mail.attachments?.length
      ? {
          attachments: mail.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: a.content,
            contentDisposition: 'attachment' as const,
          })),
        }
      : {}),
  };
}

/**
 * The message built in memory, to be handed to the connection whole: streamed from the MIME tree, a message reached
 * the socket in dozens of small writes, a system call each, a large part of the cost of sending it.
 */
export async function buildMessage(mail: ComposedMail): Promise<BuiltMessage> {
  const composed = new MailComposer(sendMailOptionsOf(mail)).compile();
  const envelope = composed.getEnvelope();
  const raw = await composed.build();
  return { envelope, raw, messageId: `<${mail.messageId}>` };
}
