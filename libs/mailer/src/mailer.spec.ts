import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { composeMail } from './compose-mail';
import { emlFileName, writeEml } from './eml-directory';
import { isPermanentMailError } from './mail-error';
import { MailKind, type ComposedMail, type MailAttachment } from './mail-kinds';
import { Mailer } from './mailer';

function confirmedMail(messageId: string, title = 'Updating NIPs'): ComposedMail {
  return composeMail(
    MailKind.ENROLMENT_CONFIRMED,
    {
      userId: 'u-1',
      email: 'ana@example.org',
      fullName: 'Ana Pérez',
      language: 'ES',
      timeZone: 'America/Bogota',
      partyCode: 'COL',
    },
    {
      session: {
        id: 's-1',
        kind: 'WEBINAR',
        title,
        startsAt: '2027-03-30T08:00:00.000Z',
        endsAt: '2027-03-30T10:00:00.000Z',
        timeZone: 'Europe/Zurich',
        language: 'EN',
        status: 'SCHEDULED',
        sequence: 1,
        modules: [{ code: 'NIP', title: 'National Implementation Plans' }],
        region: null,
        venue: null,
        hostCentre: null,
        joinUrl: 'https://webinars.example.org/nip',
      },
      enrolment: { id: 'e-1', status: 'CONFIRMED', funded: false, waitlistPosition: null },
    },
    {
      publicUrl: 'http://localhost:3000',
      from: 'Stockholm Convention Capacity Building <no-reply@localhost>',
      messageId,
      occurredAt: '2027-03-01T12:34:56.000Z',
    },
  );
}

function certificateMail(messageId: string, attachments?: MailAttachment[]): ComposedMail {
  const code = 'q7V3mK9pXw2LrT8nB4cZfA';
  const mail = composeMail(
    MailKind.CERTIFICATE_ISSUED,
    {
      userId: 'u-2',
      email: 'awa@example.org',
      fullName: 'Awa Diop',
      language: 'FR',
      timeZone: 'Africa/Dakar',
      partyCode: 'SEN',
    },
    {
      certificate: {
        code,
        holderName: 'Awa Diop',
        party: { code: 'SEN', name: 'Sénégal' },
        language: 'FR',
        session: {
          kind: 'WORKSHOP',
          title: 'Atelier régional sur les PNM',
          startsAt: '2027-05-10T08:00:00.000Z',
          endsAt: '2027-05-12T16:00:00.000Z',
          timeZone: 'Africa/Dakar',
          venue: 'Centre international de conférences Abdou Diouf, Dakar',
          hostCentre: { name: 'Centre régional', city: 'Dakar' },
          region: 'AFRICA',
        },
        modules: [{ code: 'NIP', title: 'Plans nationaux de mise en œuvre' }],
        issuedAt: '2027-05-20T09:00:00.000Z',
      },
      pdfUrl: `http://localhost:3000/certificates/${code}.pdf`,
      verifyUrl: `http://localhost:3000/verify/${code}`,
    },
    {
      publicUrl: 'http://localhost:3000',
      from: 'Stockholm Convention Capacity Building <no-reply@localhost>',
      messageId,
      occurredAt: '2027-05-20T09:00:00.000Z',
    },
  );
  // As the sender does: the PDF goes on after composing.
  return attachments ? { ...mail, attachments } : mail;
}

/**
 * Bytes a text transformation would damage: a PDF header with high bytes, every byte value, bare CR and LF, a line
 * that is a single dot (SMTP's end of data), a run of NULs, and enough random bytes to span many base64 lines.
 */
const PDF_BYTES = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n', 'latin1'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from('\r\n.\r\n\r\r\n\n..\n', 'latin1'),
  Buffer.alloc(1024, 0),
  randomBytes(64 * 1024),
  Buffer.from('\n%%EOF\n', 'latin1'),
]);
const PDF: MailAttachment = {
  filename: 'certificat-Awa-Diop-été.pdf',
  contentType: 'application/pdf',
  content: PDF_BYTES,
};

function expectPdfIntact(
  attachments: { filename?: string; contentType: string; contentDisposition?: string; content: Buffer }[],
) {
  const pdfs = attachments.filter((a) => a.contentType === 'application/pdf');
  expect(pdfs).toHaveLength(1);
  expect(pdfs[0].filename).toBe('certificat-Awa-Diop-été.pdf');
  expect(pdfs[0].contentDisposition).toBe('attachment');
  expect(pdfs[0].content.length).toBe(PDF_BYTES.length);
  expect(pdfs[0].content.equals(PDF_BYTES)).toBe(true);
}

describe('Mailer without SMTP: .eml files', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailer-spec-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one complete, parseable message per Message-ID, creating the directory', async () => {
    const mailDir = join(dir, 'var', 'mail');
    const mailer = new Mailer({ smtpUrl: null, mailDir });
    const mail = confirmedMail('enrolment.e-1.confirmed@localhost');
    const result = await mailer.send(mail);
    expect(result.transport).toBe('file');
    expect(result.file).toBe(join(mailDir, 'enrolment.e-1.confirmed@localhost.eml'));
    expect(await readdir(mailDir)).toEqual(['enrolment.e-1.confirmed@localhost.eml']);

    const raw = await readFile(result.file!);
    expect(raw.includes('\r\n')).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe('<enrolment.e-1.confirmed@localhost>');
    expect(parsed.subject).toBe('Inscripción confirmada: Updating NIPs');
    expect(parsed.date?.toISOString()).toBe('2027-03-01T12:34:56.000Z');
    expect(parsed.text).toContain('Estimado/a Ana Pérez:');
    expect(parsed.html).toContain('<html lang="es">');
    expect(parsed.headers.get('content-language')).toBe('es');
    expect(parsed.headers.get('x-lms-kind')).toBe('ENROLMENT_CONFIRMED');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const to = parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0] : undefined;
    expect(to).toEqual(expect.objectContaining({ address: 'ana@example.org', name: 'Ana Pérez' }));

    // nodemailer adds the invitation twice: as the text/calendar alternative and as an invite.ics attachment.
    const calendarParts = parsed.attachments.filter((a) => /^(text\/calendar|application\/ics)$/.test(a.contentType));
    expect(calendarParts.length).toBeGreaterThanOrEqual(1);
    const ics = calendarParts[0].content.toString('utf8');
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('uid')).toBe('session-s-1@localhost');
    expect(raw.toString('latin1')).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    mailer.close();
  });

  it('writes an attachment intact: bytes, content type and file name, beside the text and HTML', async () => {
    const mailer = new Mailer({ smtpUrl: null, mailDir: dir });
    const result = await mailer.send(certificateMail('certificate.q7V3@localhost', [PDF]));
    const parsed = await simpleParser(await readFile(result.file!));
    expect(parsed.subject).toBe('Votre certificat\u00a0: Atelier régional sur les PNM');
    expect(parsed.text).toContain('Le certificat est joint à ce message au format PDF.');
    expect(parsed.html).toContain('<html lang="fr">');
    expectPdfIntact(parsed.attachments);
    expect(parsed.attachments).toHaveLength(1);
  });

  it('sends only the content in memory: a path slipped into an attachment is not read', async () => {
    const secret = join(dir, 'secret.txt');
    await writeFile(secret, 'not for e-mail');
    const mailer = new Mailer({ smtpUrl: null, mailDir: join(dir, 'out') });
    const smuggled = {
      filename: 'note.txt',
      contentType: 'text/plain',
      content: Buffer.from('in memory'),
      path: secret,
    } as MailAttachment;
    const result = await mailer.send(certificateMail('certificate.smuggled@localhost', [smuggled]));
    const raw = await readFile(result.file!);
    expect(raw.includes('not for e-mail')).toBe(false);
    const parsed = await simpleParser(raw);
    expect(parsed.attachments.map((a) => a.content.toString('utf8'))).toEqual(['in memory']);
  });

  it('sends no attachment part when the message has none', async () => {
    const mailer = new Mailer({ smtpUrl: null, mailDir: dir });
    const result = await mailer.send(certificateMail('certificate.none@localhost'));
    const parsed = await simpleParser(await readFile(result.file!));
    expect(parsed.attachments).toEqual([]);
  });

  it('leaves one file when the same message is written twice, and no temporary files', async () => {
    const mailer = new Mailer({ smtpUrl: null, mailDir: dir });
    await mailer.send(confirmedMail('same@localhost', 'First'));
    await mailer.send(confirmedMail('same@localhost', 'Second'));
    await mailer.send(confirmedMail('other@localhost'));
    expect((await readdir(dir)).sort()).toEqual(['other@localhost.eml', 'same@localhost.eml']);
    const parsed = await simpleParser(await readFile(join(dir, 'same@localhost.eml')));
    expect(parsed.subject).toBe('Inscripción confirmada: Second');
  });

  it('never shows a reader half a file, even with concurrent writers of one message', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) =>
      Buffer.from(`Subject: ${i}\r\n\r\n${'x'.repeat(200_000 + i)}\r\n`),
    );
    await Promise.all(bodies.map((b) => writeEml(dir, 'race@localhost', b)));
    expect(await readdir(dir)).toEqual(['race@localhost.eml']);
    const written = await readFile(join(dir, 'race@localhost.eml'));
    expect(bodies.some((b) => b.equals(written))).toBe(true);
  });

  it('makes safe, distinct, stable file names from Message-IDs', () => {
    expect(emlFileName('reminder.e-1.604800000@lms.example.org')).toBe('reminder.e-1.604800000@lms.example.org.eml');
    const hostile = emlFileName('../../etc/passwd');
    expect(hostile).not.toContain('/');
    expect(hostile.startsWith('.')).toBe(false);
    expect(emlFileName('a\\b:c*d?e"f<g>h|i')).toMatch(/^[A-Za-z0-9._@+%-]+\.eml$/);
    expect(new Set([emlFileName('a/b'), emlFileName('a_b'), emlFileName('a%2Fb'), emlFileName('a b')]).size).toBe(4);
    expect(emlFileName('é@x')).toBe('%C3%A9@x.eml');
    const long = 'x'.repeat(500);
    expect(emlFileName(long).length).toBeLessThanOrEqual(184);
    expect(emlFileName(long)).toBe(emlFileName(long));
    expect(emlFileName(long)).not.toBe(emlFileName(`${long}y`));
  });
});

describe('Mailer over SMTP: attachments', () => {
  const received: Buffer[] = [];
  let server: SMTPServer;
  let mailer: Mailer;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push(Buffer.concat(chunks));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    mailer = new Mailer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailDir: 'unused' });
  });

  afterAll(async () => {
    mailer?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('delivers the attachment intact over the wire', async () => {
    const result = await mailer.send(certificateMail('certificate.smtp@localhost', [PDF]));
    expect(result.transport).toBe('smtp');
    expect(received).toHaveLength(1);
    const parsed = await simpleParser(received[0]);
    expect(parsed.messageId).toBe('<certificate.smtp@localhost>');
    expectPdfIntact(parsed.attachments);
  });
});

describe('isPermanentMailError', () => {
  const smtpError = (code: string, responseCode?: number, command?: string) =>
    Object.assign(new Error(`${responseCode ?? ''} refused`), { code, responseCode, command });

  it('is true for 5xx refusals of the envelope or the data', () => {
    expect(isPermanentMailError(smtpError('EENVELOPE', 550, 'RCPT TO'))).toBe(true);
    expect(isPermanentMailError(smtpError('EENVELOPE', 553, 'MAIL FROM'))).toBe(true);
    expect(isPermanentMailError(smtpError('EMESSAGE', 552, 'DATA'))).toBe(true);
    expect(isPermanentMailError(smtpError('EMESSAGE', 554, 'DATA'))).toBe(true);
  });

  it('is false for temporary replies, broken connections, timeouts and everything else', () => {
    expect(isPermanentMailError(smtpError('EENVELOPE', 421, 'MAIL FROM'))).toBe(false);
    expect(isPermanentMailError(smtpError('EENVELOPE', 450, 'RCPT TO'))).toBe(false);
    expect(isPermanentMailError(smtpError('EMESSAGE', 451, 'DATA'))).toBe(false);
    expect(isPermanentMailError(smtpError('EENVELOPE', 503, 'RCPT TO'))).toBe(false);
    expect(isPermanentMailError(smtpError('EAUTH', 535, 'AUTH PLAIN'))).toBe(false);
    expect(isPermanentMailError(smtpError('ECONNECTION'))).toBe(false);
    expect(isPermanentMailError(smtpError('ETIMEDOUT'))).toBe(false);
    expect(isPermanentMailError(smtpError('ESOCKET'))).toBe(false);
    expect(isPermanentMailError(smtpError('EENVELOPE'))).toBe(false);
    expect(isPermanentMailError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      false,
    );
    expect(isPermanentMailError(new Error('boom'))).toBe(false);
    expect(isPermanentMailError(null)).toBe(false);
    expect(isPermanentMailError('550 no such user')).toBe(false);
  });
});
