import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import ICAL from 'ical.js';

export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  kind: string | null;
  language: string | null;
  /** The text/calendar part, parsed, when there is one. */
  calendar: ICAL.Component | null;
  calendarMethod: string | null;
  receivedAt: number;
  parsed: ParsedMail;
}

/** How the server answers a MAIL FROM: accept, or refuse with this SMTP error. */
export type Refusal = { code: number; message: string } | null;

/**
 * A real SMTP server in the test process (smtp-server), reading every accepted message back with mailparser and its
 * calendar part with ical.js. `refuseMail` makes it answer MAIL FROM with an error (421 for "try later", 550 for
 * "never"); `holdReplies` keeps the final reply to DATA until `releaseReplies` (a message counts as delivered only
 * once its 250 has been written to a connection that is still open; `dropHeld` ends held transactions unaccepted, as
 * when the client vanished before the end of its transaction).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  refuseMail: (envelopeTo: string[]) => Refusal = () => null;
  refusals = 0;
  private held: (() => void)[] = [];
  private holding = false;
  private parsing: Promise<void>[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpSink> {
    // eslint-disable-next-line prefer-const -- the server's callbacks close over `sink`, made once the server listens
    let sink!: SmtpSink;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo(address, _session, callback) {
        const refusal = sink.refuseMail([address.address]);
        if (refusal) {
          sink.refusals++;
          return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const accept = () => {
            if ((session as SMTPServerSession & { closed?: boolean }).closed) return callback(new Error('gone'));
            sink.parsing.push(sink.record(Buffer.concat(chunks)));
            callback();
          };
          if (sink.holding) sink.held.push(accept);
          else accept();
        });
      },
      onClose(session) {
        (session as SMTPServerSession & { closed?: boolean }).closed = true;
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sink = new SmtpSink(server, (server.server.address() as AddressInfo).port);
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  holdReplies(): void {
    this.holding = true;
  }

  /** Ends the held transactions without accepting them (their client has gone away meanwhile). */
  dropHeld(): void {
    this.holding = false;
    this.held.splice(0);
  }

  releaseReplies(): void {
    this.holding = false;
    const held = this.held.splice(0);
    for (const accept of held) accept();
  }

  /** Every accepted message, parsed. */
  async messages(): Promise<ReceivedMail[]> {
    await Promise.all(this.parsing);
    return this.received;
  }

  /** Waits until `predicate` holds over the parsed messages (default: until 30 s have passed). */
  async waitFor(
    predicate: (mails: ReceivedMail[]) => boolean,
    ms = 30_000,
    what = 'the expected mail',
  ): Promise<ReceivedMail[]> {
    const until = Date.now() + ms;
    for (;;) {
      const mails = await this.messages();
      if (predicate(mails)) return mails;
      if (Date.now() > until) {
        throw new Error(
          `timed out waiting for ${what}; have ${mails.length}: ${mails.map((m) => `${m.kind}→${m.to}`).join(', ')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits until no new message has arrived for `quietMs`. */
  async settle(quietMs = 1500): Promise<ReceivedMail[]> {
    let count = -1;
    while (count !== this.received.length) {
      count = this.received.length;
      await new Promise((r) => setTimeout(r, quietMs));
    }
    return this.messages();
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to === address.toLowerCase());
  }

  clear(): void {
    this.received.length = 0;
  }

  async close(): Promise<void> {
    this.releaseReplies();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async record(raw: Buffer): Promise<void> {
    const receivedAt = Date.now();
    const parsed = await simpleParser(raw);
    const header = (name: string) => {
      const v = parsed.headers.get(name);
      return typeof v === 'string' ? v : null;
    };
    const calendarPart =
      parsed.attachments.find((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics') ?? null;
    const calendarText = calendarPart?.content.toString('utf8') ?? null;
    const calendar = calendarText ? new ICAL.Component(ICAL.parse(calendarText)) : null;
    const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
    this.received.push({
      messageId: (parsed.messageId ?? '').replace(/^<|>$/g, ''),
      to: (to?.value[0]?.address ?? '').toLowerCase(),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      kind: header('x-lms-kind'),
      language: header('content-language'),
      calendar,
      calendarMethod: (calendar?.getFirstPropertyValue('method') as string | null) ?? null,
      receivedAt,
      parsed,
    });
  }
}

/** The single VEVENT of a message's calendar part. */
export function eventOf(mail: ReceivedMail): ICAL.Event {
  if (!mail.calendar) throw new Error(`message ${mail.messageId} has no calendar part`);
  return new ICAL.Event(mail.calendar.getFirstSubcomponent('vevent')!);
}

/** Every message of a kind to an address. */
export const mailsOf = (mails: ReceivedMail[], kind: string, address: string) =>
  mails.filter((m) => m.kind === kind && m.to === address);

/** A platform with its workers, e-mailing into `sink`, the outbox polled and mail retried quickly. */
export const workersMailingTo = (sink: SmtpSink, publicUrl: string): Record<string, string> => ({
  PROCESS_ROLE: 'all',
  SMTP_URL: sink.url,
  SEED_DEMO: 'false',
  PUBLIC_URL: publicUrl,
  OUTBOX_POLL_INTERVAL: 'PT0.05S',
  MAIL_RETRY_BACKOFF: 'PT0.2S',
});
