import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * An SMTP server in the benchmark process that accepts every message at a relay's pace: the 250 after DATA goes out
 * `delayMs` after the whole message was read (a provider's relay answers in tens to hundreds of milliseconds; the
 * in-process counter of P4 answers at once, which drains any backlog in seconds). It keeps only how many messages
 * of each kind arrived and when, so that a benchmark can tell how many were sent during a window.
 */
export class SlowSmtp {
  /** Arrival times (ms since the epoch) of every accepted message, in order. */
  readonly arrivals: number[] = [];
  readonly kinds = new Map<string, number>();

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly delayMs: number,
  ) {}

  static async start(delayMs: number): Promise<SlowSmtp> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      size: 20 * 1024 * 1024,
      maxClients: 1000,
      onData(stream, _session, callback) {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 8192) head += chunk.toString('latin1');
        });
        stream.on('end', () => {
          setTimeout(() => {
            const kind = /^x-lms-kind:[ \t]*(\S+)/im.exec(head)?.[1] ?? 'unknown';
            sink.record(kind);
            callback();
          }, delayMs);
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // onData reads `sink` only when a message arrives, after it is made here.
    const sink = new SlowSmtp(server, (server.server.address() as AddressInfo).port, delayMs);
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  get count(): number {
    return this.arrivals.length;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(kind: string): void {
    this.arrivals.push(Date.now());
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
  }
}
