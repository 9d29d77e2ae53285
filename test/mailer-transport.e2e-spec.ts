import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { composeMail, isPermanentMailError, Mailer, MailKind, type ComposedMail } from '@lib/mailer';

/**
 * The SMTP transport against a real SMTP server in this process: pooled concurrent delivery, the calendar part on
 * the wire, and how refusals reach the caller (a 421 is retried by the queue, a 550 is not).
 */

function invitation(n: number, email = `delegate${n}@example.org`): ComposedMail {
  return composeMail(
    MailKind.ENROLMENT_CONFIRMED,
    { userId: `u-${n}`, email, fullName: `Delegate ${n}`, language: 'FR', timeZone: 'Africa/Dakar', partyCode: 'SEN' },
    {
      session: {
        id: 'a1b2c3d4-0000-4000-8000-000000000042',
        kind: 'WEBINAR',
        title: 'Mise à jour des plans nationaux de mise en œuvre',
        startsAt: '2027-03-30T08:00:00.000Z',
        endsAt: '2027-03-30T10:00:00.000Z',
        timeZone: 'Europe/Zurich',
        language: 'FR',
        status: 'SCHEDULED',
        sequence: 1,
        modules: [{ code: 'NIP', title: 'Plans nationaux de mise en œuvre' }],
        region: null,
        venue: null,
        hostCentre: null,
        joinUrl: 'https://webinars.example.org/nip-fr',
      },
      enrolment: { id: `e-${n}`, status: 'CONFIRMED', funded: false, waitlistPosition: null },
    },
    {
      publicUrl: 'http://localhost:3000',
      from: 'Stockholm Convention Capacity Building <no-reply@localhost>',
      messageId: `enrolment.e-${n}.confirmed@localhost`,
      occurredAt: '2027-03-01T10:00:00.000Z',
    },
  );
}

const refusal = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

describe('Mailer over SMTP (pooled)', () => {
  const received: { raw: Buffer; rcptTo: string[] }[] = [];
  let refuseSenders = false;
  let open = 0;
  let mostOpen = 0;
  let server: SMTPServer;
  let port: number;
  let mailer: Mailer;

  const arrived = (): Promise<ParsedMail[]> => Promise.all(received.map((m) => simpleParser(m.raw)));

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onConnect(_session, callback) {
        open += 1;
        mostOpen = Math.max(mostOpen, open);
        callback();
      },
      onClose() {
        open -= 1;
      },
      onMailFrom(_address, _session, callback) {
        // A server that is going down for maintenance answers 421 and closes the channel.
        if (refuseSenders) return callback(refusal('Service not available, try again later', 421));
        callback();
      },
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('nobody@')) return callback(refusal('No such user here', 550));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({ raw: Buffer.concat(chunks), rcptTo: session.envelope.rcptTo.map((r) => r.address) });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
    mailer = new Mailer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailDir: 'unused', maxConnections: 3 });
  });

  afterAll(async () => {
    mailer?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
    refuseSenders = false;
  });

  it('delivers concurrent messages over at most maxConnections connections, each once with its Message-ID', async () => {
    const mails = Array.from({ length: 8 }, (_, i) => invitation(i + 1));
    const results = await Promise.all(mails.map((m) => mailer.send(m)));
    for (const r of results) {
      expect(r.transport).toBe('smtp');
      expect(r.response).toMatch(/^250/);
    }
    expect(mostOpen).toBeGreaterThan(1);
    expect(mostOpen).toBeLessThanOrEqual(3);

    const parsed = await arrived();
    const ids = parsed.map((p) => p.messageId).sort();
    expect(ids).toEqual(mails.map((m) => `<${m.messageId}>`).sort());
    for (const mail of parsed) {
      const n = /enrolment\.e-(\d+)\.confirmed/.exec(mail.messageId!)![1];
      expect(received.find((r) => r.raw.includes(`enrolment.e-${n}.confirmed`))!.rcptTo).toEqual([
        `delegate${n}@example.org`,
      ]);
      expect(mail.subject).toBe('Inscription confirmée\u00a0: Mise à jour des plans nationaux de mise en œuvre');
      expect(mail.headers.get('x-lms-kind')).toBe('ENROLMENT_CONFIRMED');
      expect(mail.date?.toISOString()).toBe('2027-03-01T10:00:00.000Z');
    }
  });

  it('carries the invitation as text/calendar; method=REQUEST that parses', async () => {
    await mailer.send(invitation(20));
    expect(received).toHaveLength(1);
    const raw = received[0].raw.toString('latin1');
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const [mail] = await arrived();
    const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
    expect(part).toBeDefined();
    const calendar = new ICAL.Component(ICAL.parse(part!.content.toString('utf8')));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = calendar.getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('uid')).toBe('session-a1b2c3d4-0000-4000-8000-000000000042@localhost');
    expect(event.getFirstPropertyValue('summary')).toBe('Mise à jour des plans nationaux de mise en œuvre');
    expect(String(event.getFirstPropertyValue('attendee')).toLowerCase()).toBe('mailto:delegate20@example.org');
  });

  it('rejects while the server answers 421, as a temporary failure, and delivers once it recovers', async () => {
    refuseSenders = true;
    const mail = invitation(30);
    const failure = await mailer.send(mail).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as { responseCode?: number }).responseCode).toBe(421);
    expect(isPermanentMailError(failure)).toBe(false);
    expect(received).toHaveLength(0);

    refuseSenders = false;
    const result = await mailer.send(mail);
    expect(result.response).toMatch(/^250/);
    const parsed = await arrived();
    expect(parsed.map((p) => p.messageId)).toEqual(['<enrolment.e-30.confirmed@localhost>']);
  });

  it('reports a 550 on RCPT TO as permanent, and keeps delivering other messages', async () => {
    const failure = await mailer.send(invitation(40, 'nobody@example.org')).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect((failure as { responseCode?: number }).responseCode).toBe(550);
    expect(isPermanentMailError(failure)).toBe(true);
    expect(received).toHaveLength(0);

    await mailer.send(invitation(41));
    expect((await arrived()).map((p) => p.messageId)).toEqual(['<enrolment.e-41.confirmed@localhost>']);
  });

  it('rejects, not permanently, when no server listens', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const freePort = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const nowhere = new Mailer({ smtpUrl: `smtp://127.0.0.1:${freePort}`, mailDir: 'unused' });
    try {
      const failure = await nowhere.send(invitation(50)).then(
        () => null,
        (err: unknown) => err,
      );
      // A socket error is made outside Jest's realm, so it is checked by shape rather than with instanceof.
      expect(failure).toEqual(expect.objectContaining({ code: expect.stringMatching(/^(ESOCKET|ECONNECTION)$/) }));
      expect((failure as { responseCode?: number }).responseCode).toBeUndefined();
      expect(isPermanentMailError(failure)).toBe(false);
    } finally {
      nowhere.close();
    }
  });
});
