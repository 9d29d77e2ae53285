// The kinds and their data are message shapes the queue shares (a mail job carries them): they live in @lib/messages.
export { MailKind, type MailData } from '@lib/messages';

/** A file sent with a message (the certificate PDF). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface MailContext {
  /** Base of links (PUBLIC_URL), without a trailing slash; its host names the ICS UIDs. */
  publicUrl: string;
  /** MAIL_FROM, e.g. `Stockholm Convention Capacity Building <no-reply@localhost>`. */
  from: string;
  /** Deterministic Message-ID without angle brackets, e.g. `reminder.<enrolment>.<ms>@lms.example.org`. */
  messageId: string;
  /** ISO-8601 UTC instant of the change the message reports: the Date header and the ICS DTSTAMP. */
  occurredAt: string;
}

/** A message ready for a transport. */
export interface ComposedMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Without angle brackets. */
  messageId: string;
  date: Date;
  /** The language the text is written in (EN, FR or ES; other languages fall back to EN). */
  language: 'EN' | 'FR' | 'ES';
  headers: Record<string, string>;
  /** An iTIP invitation (REQUEST) or cancellation (CANCEL) for calendar clients. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  attachments?: MailAttachment[];
}
