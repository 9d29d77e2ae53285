import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** What the counter keeps of one accepted message: enough to tell every message apart, not the message itself. */
export interface CountedMail {
  /** Message-ID without the angle brackets. */
  messageId: string;
  /** The envelope's recipients (RCPT TO), lower case. */
  to: string[];
  /** The X-LMS-Kind header, if any. */
  kind: string | null;
  bytes: number;
  receivedAt: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * A real SMTP server (smtp-server) in the benchmark process that accepts every message and keeps only its envelope,
 * its Message-ID and kind (read from the header block; the body is counted, not parsed), so that a hundred thousand
 * messages cost the benchmark process as little as possible. The 250 after DATA goes out only once the whole message
 * has been read, as a real server's would.
 */
export class SmtpCounter {
  readonly received: CountedMail[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpCounter> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 20 * 1024 * 1024,
      maxClients: 1000,
      onData(stream, session, callback) {
        let head: Buffer | null = Buffer.alloc(0);
        let headers = '';
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (head === null) return;
          head = Buffer.concat([head, chunk]);
          const end = head.indexOf(HEADER_END);
          if (end >= 0) {
            headers = head.subarray(0, end).toString('utf8');
            head = null;
          }
        });
        stream.on('end', () => {
          if (head !== null) headers = head.toString('utf8');
          counter.record({
            messageId: header(headers, 'message-id')?.replace(/^<|>$/g, '') ?? '',
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            kind: header(headers, 'x-lms-kind'),
            bytes,
            receivedAt: Date.now(),
          });
          callback();
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // onData above reads `counter` only when a message arrives, after it is made here.
    const counter = new SmtpCounter(server, (server.server.address() as AddressInfo).port);
    return counter;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get count(): number {
    return this.received.length;
  }

  /** Resolves once `n` messages have been accepted (or at once if they have). */
  waitForCount(n: number): Promise<void> {
    if (this.received.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  clear(): void {
    this.received.length = 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(mail: CountedMail): void {
    this.received.push(mail);
    if (!this.waiters.length) return;
    const n = this.received.length;
    this.waiters = this.waiters.filter((w) => {
      if (n < w.n) return true;
      w.resolve();
      return false;
    });
  }
}

/** One header's value from an RFC 5322 header block (unfolded), or null. */
function header(block: string, name: string): string | null {
  const re = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r\\n[ \\t].*)*)`, 'im');
  const m = re.exec(block);
  return m ? m[1].replace(/\r\n[ \t]+/g, ' ').trim() : null;
}
