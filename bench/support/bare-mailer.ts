import { createTransport } from 'nodemailer';
import { smtpPoolOptions } from '../../libs/mailer/src';

/**
 * P4's delivery baseline, run as its own process (`fork`) as the platform's worker is: bare nodemailer with the
 * platform's pooled SMTP transport options (`smtpPoolOptions`) sending pre-built messages, `CONCURRENCY` sends in
 * flight at a time, `COUNT` sends in all (message i is sample[i % sample.length]). No queue, no database, no composing:
 * what sending the same messages to the same server costs at the same concurrency.
 *
 * Protocol: the parent sends { type: 'messages', ... } (the sample, raw as base64), the child answers 'ready'; on { type: 'go' } it sends and answers 'done' with the time of the last 250.
 *
 * Environment: SMTP_URL, CONCURRENCY, COUNT, MAX_CONNECTIONS (empty: the platform's default).
 */
interface Sample {
  envelope: { from: string | false; to: string[] };
  raw: string;
  messageId: string;
}

async function main(): Promise<void> {
  const smtpUrl = process.env.SMTP_URL!;
  const concurrency = Number(process.env.CONCURRENCY ?? 10);
  const count = Number(process.env.COUNT ?? 0);
  const maxConnections = process.env.MAX_CONNECTIONS ? Number(process.env.MAX_CONNECTIONS) : undefined;
  const transport = createTransport(smtpPoolOptions(smtpUrl, maxConnections));
  let messages: { envelope: Sample['envelope']; raw: Buffer; messageId: string }[] = [];

  /** `concurrency` loops, each taking the next index: as many sends in flight as a worker has jobs. */
  async function sendAll(from: number, to: number): Promise<number> {
    let next = from;
    let failures = 0;
    let last = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < to) {
          const i = next++;
          const m = messages[i % messages.length];
          try {
            await transport.sendMail({
              envelope: m.envelope,
              raw: m.raw,
              messageId: m.messageId,
              disableFileAccess: true,
              disableUrlAccess: true,
            });
            last = Date.now();
          } catch {
            failures++;
          }
        }
      }),
    );
    if (failures) throw new Error(`${failures} sends failed`);
    return last;
  }

  process.on('message', (m: { type: string; sample?: Sample[] }) => {
    if (m.type === 'messages') {
      messages = m.sample!.map((s) => ({
        envelope: s.envelope,
        raw: Buffer.from(s.raw, 'base64'),
        messageId: s.messageId,
      }));
      process.send!({ type: 'ready' });
    } else if (m.type === 'go') {
      const t0 = Date.now();
      sendAll(0, count).then(
        (lastAt) => process.send!({ type: 'done', t0, lastAt }),
        (err: Error) => process.send!({ type: 'error', message: err.message }),
      );
    } else if (m.type === 'stop') {
      transport.close();
      process.exit(0);
    }
  });
  process.send!({ type: 'started' });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
