import ICAL from 'ical.js';
import type { CertificateDocument } from '@lib/documents';
import type { EnrolmentSnapshot, Recipient, SessionSnapshot } from '@lib/queue';
import { composeMail } from './compose-mail';
import { MailKind, type ComposedMail, type MailContext, type MailData } from './mail-kinds';

const NBSP = '\u00a0';

const ctx = (change: Partial<MailContext> = {}): MailContext => ({
  publicUrl: 'https://lms.example.org',
  from: 'Stockholm Convention Capacity Building <no-reply@lms.example.org>',
  messageId: 'enrolment.e-1.1@lms.example.org',
  occurredAt: '2027-03-01T12:00:00.000Z',
  ...change,
});

const reader = (change: Partial<Recipient> = {}): Recipient => ({
  userId: 'u-1',
  email: 'ana.delegate@example.org',
  fullName: 'Ana Delegate',
  language: 'EN',
  timeZone: 'America/New_York',
  partyCode: 'BRA',
  ...change,
});

/** 2027-03-30 10:00–12:00 in Zurich: after the EU's change to summer time on 28 March (CEST, UTC+2). */
const webinar = (change: Partial<SessionSnapshot> = {}): SessionSnapshot => ({
  id: '0b6f3c1e-5d1a-4a57-9a43-0f1d2b3c4d5e',
  kind: 'WEBINAR',
  title: 'Updating NIPs',
  startsAt: '2027-03-30T08:00:00.000Z',
  endsAt: '2027-03-30T10:00:00.000Z',
  timeZone: 'Europe/Zurich',
  language: 'EN',
  status: 'SCHEDULED',
  sequence: 2,
  modules: [{ code: 'NIP', title: 'National Implementation Plans' }],
  region: null,
  venue: null,
  hostCentre: null,
  joinUrl: 'https://webinars.example.org/nip-2027',
  ...change,
});

const workshop = (change: Partial<SessionSnapshot> = {}): SessionSnapshot => ({
  id: '7c1d2e3f-0000-4000-8000-000000000001',
  kind: 'WORKSHOP',
  title: 'Regional workshop on NIPs and reporting',
  startsAt: '2027-05-10T07:00:00.000Z',
  endsAt: '2027-05-12T15:00:00.000Z',
  timeZone: 'Africa/Johannesburg',
  language: 'EN',
  status: 'SCHEDULED',
  sequence: 0,
  modules: [
    { code: 'NIP', title: 'National Implementation Plans' },
    { code: 'REPORTING', title: 'National reporting' },
  ],
  region: 'AFRICA',
  venue: 'CSIR International Convention Centre',
  hostCentre: { name: 'Africa Institute', city: 'Pretoria' },
  joinUrl: null,
  ...change,
});

const enrolment = (change: Partial<EnrolmentSnapshot> = {}): EnrolmentSnapshot => ({
  id: '3a9e1c7b-1111-4222-8333-444455556666',
  status: 'CONFIRMED',
  funded: true,
  waitlistPosition: null,
  ...change,
});

const assessed = (change: Partial<{ passMark: number }> = {}) => [
  { code: 'NIP', title: 'National Implementation Plans', passMark: 70, ...change },
  { code: 'REPORTING', title: 'National reporting', passMark: 60, ...change },
];

/** 23:59 on Tuesday 13 April 2027 in Zurich (CEST, UTC+2): 06:59 on Wednesday 14 April in Tokyo. */
const DUE_AT = '2027-04-13T21:59:00.000Z';
const DAY = 86_400_000;

const CERTIFICATE_CODE = 'q7V3mK9pXw2LrT8nB4cZfA';

const certificate = (change: Partial<CertificateDocument> = {}): CertificateDocument => ({
  code: CERTIFICATE_CODE,
  holderName: 'Ana Delegate',
  party: { code: 'BRA', name: 'Brazil' },
  language: 'EN',
  session: {
    kind: 'WORKSHOP',
    title: 'Regional workshop on NIPs and reporting',
    startsAt: '2027-05-10T07:00:00.000Z',
    endsAt: '2027-05-12T15:00:00.000Z',
    timeZone: 'Africa/Johannesburg',
    venue: 'CSIR International Convention Centre',
    hostCentre: { name: 'Africa Institute', city: 'Pretoria' },
    region: 'AFRICA',
  },
  modules: [
    { code: 'NIP', title: 'National Implementation Plans' },
    { code: 'REPORTING', title: 'National reporting' },
  ],
  issuedAt: '2027-05-20T09:00:00.000Z',
  ...change,
});

const PDF_URL = `https://lms.example.org/certificates/${CERTIFICATE_CODE}.pdf`;
const VERIFY_URL = `https://lms.example.org/verify/${CERTIFICATE_CODE}`;
const CONFIRM_URL = 'https://lms.example.org/confirm-email?token=Xq3vQ0b1c2d3e4f5g6h7i8j9k0l1m2n3o4p5q6r7s8t';
const RESET_URL = 'https://lms.example.org/reset-password?token=Rq3vQ0b1c2d3e4f5g6h7i8j9k0l1m2n3o4p5q6r7s8t';

const SAMPLES: { [K in MailKind]: MailData[K] } = {
  [MailKind.ENROLMENT_CONFIRMED]: { session: webinar(), enrolment: enrolment() },
  [MailKind.ENROLMENT_WAITLISTED]: {
    session: webinar(),
    enrolment: enrolment({ status: 'WAITLISTED', waitlistPosition: 3 }),
  },
  [MailKind.ENROLMENT_PROMOTED]: { session: workshop(), enrolment: enrolment() },
  [MailKind.ENDORSEMENT_REQUESTED]: {
    session: workshop(),
    enrolment: enrolment({ status: 'PENDING_ENDORSEMENT' }),
    delegate: reader({ fullName: 'Bruno Silva', email: 'bruno@example.org' }),
    party: { code: 'BRA', name: 'Brazil' },
  },
  [MailKind.ENROLMENT_DECLINED]: {
    session: workshop(),
    enrolment: enrolment({ status: 'DECLINED' }),
    previousStatus: 'PENDING_ENDORSEMENT',
  },
  [MailKind.ENROLMENT_CANCELLED]: {
    session: webinar(),
    enrolment: enrolment({ status: 'CANCELLED' }),
    previousStatus: 'CONFIRMED',
    byDelegate: true,
  },
  [MailKind.ENROLMENT_EXPIRED]: {
    session: workshop({ status: 'COMPLETED', sequence: 3, joinUrl: null }),
    cause: 'SESSION_COMPLETED',
    previousStatus: 'WAITLISTED',
    materials: [
      {
        id: 'm-1',
        title: 'NIP guidance 2027',
        url: 'https://lms.example.org/materials/m-1.pdf',
        language: 'FR',
        version: 2,
        module: { code: 'NIP', title: 'National Implementation Plans' },
      },
    ],
    nextSessions: [
      {
        id: '5e0c9a4b-1111-4c2d-8e3f-000000000042',
        kind: 'WEBINAR',
        title: 'Updating NIPs, second round',
        startsAt: '2027-06-01T08:00:00.000Z',
        endsAt: '2027-06-01T10:00:00.000Z',
        timeZone: 'Europe/Zurich',
        modules: [{ code: 'NIP', title: 'National Implementation Plans' }],
        region: null,
      },
    ],
  },
  [MailKind.SESSION_RESCHEDULED]: {
    session: webinar({ startsAt: '2027-04-06T08:00:00.000Z', endsAt: '2027-04-06T10:00:00.000Z', sequence: 3 }),
    previous: { startsAt: '2027-03-30T08:00:00.000Z', endsAt: '2027-03-30T10:00:00.000Z' },
    enrolmentStatus: 'CONFIRMED',
  },
  [MailKind.SESSION_CANCELLED]: {
    session: webinar({ status: 'CANCELLED', sequence: 3 }),
    reason: 'Hurricane warning',
    previousStatus: 'CONFIRMED',
  },
  [MailKind.MATERIAL_PUBLISHED]: {
    material: {
      id: 'm-1',
      title: 'NIP guidance 2027',
      url: 'https://lms.example.org/materials/m-1.pdf',
      language: 'EN',
      version: 2,
      module: { code: 'NIP', title: 'National Implementation Plans' },
    },
  },
  [MailKind.SESSION_REMINDER]: { session: webinar(), offsetMs: 7 * 24 * 3600 * 1000 },
  [MailKind.ASSESSMENT_INVITATION]: { session: webinar(), modules: assessed(), dueAt: DUE_AT },
  [MailKind.ASSESSMENT_REMINDER]: { session: webinar(), modules: assessed().slice(1), dueAt: DUE_AT },
  [MailKind.FOLLOW_UP_SURVEY]: { session: webinar(), completedAt: '2027-03-30T10:30:00.000Z' },
  [MailKind.CERTIFICATE_ISSUED]: { certificate: certificate(), pdfUrl: PDF_URL, verifyUrl: VERIFY_URL },
  [MailKind.CERTIFICATE_REVOKED]: {
    certificate: {
      id: 'c-1',
      code: CERTIFICATE_CODE,
      holderName: 'Ana Delegate',
      sessionTitle: 'Regional workshop on NIPs and reporting',
      timeZone: 'Africa/Johannesburg',
      modules: [{ code: 'NIP', title: 'National Implementation Plans' }],
      issuedAt: '2027-05-20T09:00:00.000Z',
      revokedAt: '2027-06-02T23:30:00.000Z',
    },
    reason: 'Assessment answers copied',
  },
  [MailKind.EMAIL_VERIFICATION]: { confirmUrl: CONFIRM_URL, expiresAt: '2027-03-03T12:00:00.000Z' },
  [MailKind.REGISTRATION_ATTEMPT]: { attemptedAt: '2027-03-01T12:00:00.000Z' },
  [MailKind.PASSWORD_RESET]: { resetUrl: RESET_URL, expiresAt: '2027-03-01T13:00:00.000Z' },
};

/** How each subject starts, written out by hand (not read from the catalogue) so a wrong translation fails. */
const SUBJECTS: Record<MailKind, Record<'EN' | 'FR' | 'ES', string>> = {
  [MailKind.ENROLMENT_CONFIRMED]: {
    EN: 'Enrolment confirmed: ',
    FR: `Inscription confirmée${NBSP}: `,
    ES: 'Inscripción confirmada: ',
  },
  [MailKind.ENROLMENT_WAITLISTED]: {
    EN: 'On the waitlist: ',
    FR: `Sur liste d'attente${NBSP}: `,
    ES: 'En lista de espera: ',
  },
  [MailKind.ENROLMENT_PROMOTED]: {
    EN: 'Seat confirmed from the waitlist: ',
    FR: `Place confirmée depuis la liste d'attente${NBSP}: `,
    ES: 'Plaza confirmada desde la lista de espera: ',
  },
  [MailKind.ENDORSEMENT_REQUESTED]: {
    EN: 'Endorsement requested: ',
    FR: `Demande d'approbation${NBSP}: `,
    ES: 'Solicitud de aval: ',
  },
  [MailKind.ENROLMENT_DECLINED]: {
    EN: 'Enrolment not endorsed: ',
    FR: `Inscription non approuvée${NBSP}: `,
    ES: 'Inscripción no avalada: ',
  },
  [MailKind.ENROLMENT_CANCELLED]: {
    EN: 'Enrolment cancelled: ',
    FR: `Inscription annulée${NBSP}: `,
    ES: 'Inscripción cancelada: ',
  },
  [MailKind.ENROLMENT_EXPIRED]: {
    EN: 'Enrolment expired: ',
    FR: `Inscription expirée${NBSP}: `,
    ES: 'Inscripción vencida: ',
  },
  [MailKind.CERTIFICATE_REVOKED]: {
    EN: 'Certificate revoked: ',
    FR: `Certificat révoqué${NBSP}: `,
    ES: 'Certificado revocado: ',
  },
  [MailKind.SESSION_RESCHEDULED]: {
    EN: 'Session rescheduled: ',
    FR: `Session reprogrammée${NBSP}: `,
    ES: 'Sesión reprogramada: ',
  },
  [MailKind.SESSION_CANCELLED]: { EN: 'Session cancelled: ', FR: `Session annulée${NBSP}: `, ES: 'Sesión cancelada: ' },
  [MailKind.MATERIAL_PUBLISHED]: {
    EN: 'New training material: ',
    FR: `Nouveau support de formation${NBSP}: `,
    ES: 'Nuevo material de formación: ',
  },
  [MailKind.SESSION_REMINDER]: { EN: 'Reminder: ', FR: `Rappel${NBSP}: `, ES: 'Recordatorio: ' },
  [MailKind.ASSESSMENT_INVITATION]: {
    EN: 'Post-course assessment: ',
    FR: `Évaluation de fin de formation${NBSP}: `,
    ES: 'Evaluación final del curso: ',
  },
  [MailKind.ASSESSMENT_REMINDER]: {
    EN: 'Assessment due in ',
    FR: 'Évaluation à rendre dans ',
    ES: 'Evaluación pendiente (vence dentro de ',
  },
  [MailKind.FOLLOW_UP_SURVEY]: {
    EN: 'Follow-up on your training: ',
    FR: `Suivi de votre formation${NBSP}: `,
    ES: 'Seguimiento de su formación: ',
  },
  [MailKind.CERTIFICATE_ISSUED]: { EN: 'Your certificate: ', FR: `Votre certificat${NBSP}: `, ES: 'Su certificado: ' },
  [MailKind.EMAIL_VERIFICATION]: {
    EN: 'Confirm your e-mail address',
    FR: 'Confirmez votre adresse électronique',
    ES: 'Confirme su dirección de correo electrónico',
  },
  [MailKind.REGISTRATION_ATTEMPT]: {
    EN: 'Someone tried to register with your address',
    FR: "Quelqu'un a tenté de s'inscrire avec votre adresse",
    ES: 'Alguien intentó registrarse con su dirección',
  },
  [MailKind.PASSWORD_RESET]: {
    EN: 'Reset your password',
    FR: 'Réinitialisez votre mot de passe',
    ES: 'Restablezca su contraseña',
  },
};

const GREETINGS = { EN: 'Dear Ana Delegate,', FR: 'Bonjour Ana Delegate,', ES: 'Estimado/a Ana Delegate:' };
const FOOTERS = {
  EN: 'Stockholm Convention capacity-building programme',
  FR: 'Programme de renforcement des capacités de la Convention de Stockholm',
  ES: 'Programa de creación de capacidad del Convenio de Estocolmo',
};

const compose = <K extends MailKind>(
  kind: K,
  data: MailData[K],
  to: Partial<Recipient> = {},
  c: Partial<MailContext> = {},
) => composeMail(kind, reader(to), data, ctx(c));

function vevent(mail: ComposedMail) {
  expect(mail.calendar).toBeDefined();
  const calendar = new ICAL.Component(ICAL.parse(mail.calendar!.content));
  const events = calendar.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  return { calendar, event: events[0] };
}

/** The text with ICU's thin and no-break spaces read as plain spaces. */
const spaces = (text: string) => text.replace(/[\u00a0\u2009\u202f]/g, ' ');

const utc = (value: unknown) => (value as ICAL.Time).toJSDate().toISOString();

describe('composeMail: languages', () => {
  const kinds = Object.values(MailKind);

  describe.each(['EN', 'FR', 'ES'] as const)('%s', (language) => {
    it.each(kinds)('%s is written in the reader’s language', (kind) => {
      const mail = compose(kind, SAMPLES[kind] as never, { language });
      expect(mail.language).toBe(language);
      expect(mail.subject.startsWith(SUBJECTS[kind][language])).toBe(true);
      expect(mail.text).toContain(GREETINGS[language]);
      expect(mail.text).toContain(FOOTERS[language]);
      expect(mail.html).toContain(`<html lang="${language.toLowerCase()}">`);
      expect(mail.headers['Content-Language']).toBe(language.toLowerCase());
      expect(mail.headers['X-LMS-Kind']).toBe(kind);
      expect(mail.headers['Auto-Submitted']).toBe('auto-generated');
      expect(mail.headers['X-Auto-Response-Suppress']).toBe('OOF, AutoReply');
      for (const other of ['EN', 'FR', 'ES'] as const) {
        if (other !== language) expect(mail.text).not.toContain(FOOTERS[other]);
      }
      // No English sentence left in a French or Spanish message (the sample titles hold none of these words).
      if (language !== 'EN') expect(mail.text).not.toMatch(/\b(the|your|you|is|has been)\b/);
    });
  });

  it('writes English for AR, ZH and RU readers, with dates in their own locale', () => {
    const ar = compose(MailKind.ENROLMENT_CONFIRMED, SAMPLES[MailKind.ENROLMENT_CONFIRMED], { language: 'AR' });
    expect(ar.language).toBe('EN');
    expect(ar.subject).toBe('Enrolment confirmed: Updating NIPs');
    expect(ar.text).toContain('Dear Ana Delegate,');
    expect(ar.text).toContain('الثلاثاء، 30 مارس 2027'); // Tuesday, 30 March 2027
    expect(ar.text).not.toContain('Tuesday');
    expect(ar.headers['Content-Language']).toBe('en');
    expect(ar.html).toMatch(/<td[^>]* lang="ar" dir="auto">[^<]*مارس/);

    const zh = compose(MailKind.ENROLMENT_CONFIRMED, SAMPLES[MailKind.ENROLMENT_CONFIRMED], { language: 'ZH' });
    expect(zh.language).toBe('EN');
    expect(zh.text).toContain('2027年3月30日');
    const ru = compose(MailKind.ENROLMENT_CONFIRMED, SAMPLES[MailKind.ENROLMENT_CONFIRMED], { language: 'RU' });
    expect(ru.language).toBe('EN');
    expect(ru.text).toContain('30 марта 2027');
    const unknown = compose(MailKind.ENROLMENT_CONFIRMED, SAMPLES[MailKind.ENROLMENT_CONFIRMED], { language: 'XX' });
    expect(unknown.language).toBe('EN');
    expect(unknown.text).toContain('Tuesday, 30 March 2027');
  });

  it('says when a reminder is due in the reader’s language', () => {
    const due = (offsetMs: number, language: string) =>
      compose(MailKind.SESSION_REMINDER, { session: webinar(), offsetMs }, { language }).subject;
    expect(due(7 * 86_400_000, 'EN')).toBe('Reminder: Updating NIPs starts in 7 days');
    expect(due(86_400_000, 'EN')).toBe('Reminder: Updating NIPs starts in 1 day');
    expect(due(3_600_000, 'EN')).toBe('Reminder: Updating NIPs starts in 1 hour');
    expect(due(30_000, 'EN')).toBe('Reminder: Updating NIPs starts in 30 seconds');
    // ICU separates the number from the unit with a no-break space in French.
    expect(due(7 * 86_400_000, 'FR')).toMatch(new RegExp(`^Rappel${NBSP}: Updating NIPs commence dans 7\\s+jours$`));
    expect(due(3_600_000, 'FR')).toMatch(new RegExp(`^Rappel${NBSP}: Updating NIPs commence dans 1\\s+heure$`));
    expect(due(86_400_000, 'ES')).toBe('Recordatorio: Updating NIPs comienza dentro de 1 día');
    expect(due(30_000, 'ES')).toBe('Recordatorio: Updating NIPs comienza dentro de 30 segundos');
    expect(due(36 * 3_600_000, 'EN')).toBe('Reminder: Updating NIPs starts in 36 hours');
  });
});

describe('composeMail: times in two zones', () => {
  const confirmed = (session: SessionSnapshot, timeZone: string, language = 'EN') =>
    compose(MailKind.ENROLMENT_CONFIRMED, { session, enrolment: enrolment() }, { timeZone, language });

  it('shows a session after the EU change (CEST) at 04:00 EDT in New York and 17:00 in Tokyo', () => {
    const ny = confirmed(webinar(), 'America/New_York');
    expect(ny.text).toContain('When: Tuesday, 30 March 2027, 10:00–12:00 Europe/Zurich (CEST, UTC+2)');
    expect(ny.text).toContain('Your local time: Tuesday, 30 March 2027, 04:00–06:00 America/New_York (GMT-4)');
    const tokyo = confirmed(webinar(), 'Asia/Tokyo');
    expect(tokyo.text).toContain('Your local time: Tuesday, 30 March 2027, 17:00–19:00 Asia/Tokyo (GMT+9)');
  });

  it('shows a session before the EU change (CET) at 05:00 in New York, already on EDT since 14 March', () => {
    const session = webinar({ startsAt: '2027-03-26T09:00:00.000Z', endsAt: '2027-03-26T11:00:00.000Z' });
    const ny = confirmed(session, 'America/New_York');
    expect(ny.text).toContain('When: Friday, 26 March 2027, 10:00–12:00 Europe/Zurich (CET, UTC+1)');
    expect(ny.text).toContain('Your local time: Friday, 26 March 2027, 05:00–07:00 America/New_York (GMT-4)');
    const fr = confirmed(session, 'America/New_York', 'FR');
    // ICU puts thin or no-break spaces around the range dash in French.
    expect(spaces(fr.text)).toContain(
      'Votre heure locale : vendredi 26 mars 2027, 05:00 – 07:00 America/New_York (UTC−4)',
    );
  });

  it('says the time once when the reader lives in the session’s zone', () => {
    const local = confirmed(webinar(), 'Europe/Zurich');
    expect(local.text).toContain('When: Tuesday, 30 March 2027, 10:00–12:00 Europe/Zurich (CEST, UTC+2)');
    expect(local.text).not.toContain('Your local time');
    expect(local.text.match(/10:00–12:00/g)).toHaveLength(1);
  });

  it('gives both full date-times for a session over several days, and names both offsets across a change', () => {
    const mail = confirmed(workshop(), 'Asia/Tokyo');
    // ICU separates two full date-times with a thin-spaced dash.
    expect(spaces(mail.text)).toContain(
      'When: Monday, 10 May 2027 at 09:00 – Wednesday, 12 May 2027 at 17:00 Africa/Johannesburg (GMT+2)',
    );
    expect(spaces(mail.text)).toContain(
      'Your local time: Monday, 10 May 2027 at 16:00 – Thursday, 13 May 2027 at 00:00 Asia/Tokyo (GMT+9)',
    );
    const across = confirmed(
      workshop({ timeZone: 'Europe/Zurich', startsAt: '2027-03-26T08:00:00.000Z', endsAt: '2027-03-30T15:00:00.000Z' }),
      'Europe/Zurich',
    );
    expect(across.text).toContain('Europe/Zurich (CET, UTC+1 → CEST, UTC+2)');
  });

  it('shows a rescheduled session’s new and previous times, both in both zones', () => {
    const mail = compose(MailKind.SESSION_RESCHEDULED, SAMPLES[MailKind.SESSION_RESCHEDULED]);
    expect(mail.text).toContain('New time: Tuesday, 6 April 2027, 10:00–12:00 Europe/Zurich (CEST, UTC+2)');
    expect(mail.text).toContain('New time (your zone): Tuesday, 6 April 2027, 04:00–06:00 America/New_York (GMT-4)');
    expect(mail.text).toContain('Previous time: Tuesday, 30 March 2027, 10:00–12:00 Europe/Zurich (CEST, UTC+2)');
    expect(mail.text).toContain(
      'Previous time (your zone): Tuesday, 30 March 2027, 04:00–06:00 America/New_York (GMT-4)',
    );
    expect(mail.text).toContain('Your seat remains confirmed.');
  });

  it('falls back to UTC for a zone the runtime does not know instead of failing', () => {
    const mail = confirmed(webinar(), 'Mars/Olympus_Mons');
    expect(mail.text).toContain('Your local time: Tuesday, 30 March 2027, 08:00–10:00 UTC (UTC)');
  });
});

describe('composeMail: content of each kind', () => {
  it('confirms a workshop seat with its place, region and funded travel, and a webinar seat with its join link', () => {
    const ws = compose(MailKind.ENROLMENT_PROMOTED, SAMPLES[MailKind.ENROLMENT_PROMOTED]);
    expect(ws.text).toContain('moved up from the waitlist: your seat is confirmed');
    expect(ws.text).toContain('Where: CSIR International Convention Centre');
    expect(ws.text).toContain('Host centre: Africa Institute, Pretoria');
    expect(ws.text).toContain('Region: Africa');
    expect(ws.text).toContain('Modules: NIP – National Implementation Plans; REPORTING – National reporting');
    expect(ws.text).toContain('Travel: Funded by the programme');
    const selfFunded = compose(
      MailKind.ENROLMENT_CONFIRMED,
      { session: workshop(), enrolment: enrolment({ funded: false }) },
      { language: 'ES' },
    );
    expect(selfFunded.text).toContain('Viaje: Autofinanciado');

    const wb = compose(MailKind.ENROLMENT_CONFIRMED, SAMPLES[MailKind.ENROLMENT_CONFIRMED]);
    expect(wb.text).toContain('Format: Webinar (online)');
    expect(wb.text).toContain('Where: Online');
    expect(wb.text).toContain('Join the webinar: https://webinars.example.org/nip-2027');
    expect(wb.html).toContain('<a href="https://webinars.example.org/nip-2027"');
    expect(wb.text).not.toContain('Travel:');
  });

  it('gives the waitlist position and keeps the join link from delegates without a seat', () => {
    const mail = compose(MailKind.ENROLMENT_WAITLISTED, SAMPLES[MailKind.ENROLMENT_WAITLISTED]);
    expect(mail.text).toContain('Waitlist position: 3');
    expect(mail.text).toContain('on the waitlist at position 3');
    expect(mail.text).not.toContain('webinars.example.org');
    expect(mail.html).not.toContain('webinars.example.org');
  });

  it('asks the focal point to endorse, naming the delegate, with a link to their nominations page', () => {
    const mail = compose(MailKind.ENDORSEMENT_REQUESTED, SAMPLES[MailKind.ENDORSEMENT_REQUESTED], {
      fullName: 'Focal Point',
    });
    expect(mail.subject).toBe('Endorsement requested: Bruno Silva, Regional workshop on NIPs and reporting');
    expect(mail.text).toContain('Bruno Silva, a delegate of Brazil, asks to take part');
    expect(mail.text).toContain('E-mail: bruno@example.org');
    expect(mail.text).toContain('Party: Brazil (BRA)');
    expect(mail.text).toContain('Enrolment ID: 3a9e1c7b-1111-4222-8333-444455556666');
    expect(mail.text).toContain('Endorse or decline it on your page of nominations');
    expect(mail.text).toContain('Review the nominations: https://lms.example.org/party/nominations');
    expect(mail.html).toContain('<a href="https://lms.example.org/party/nominations"');
    // No API instructions any more: the web application is where people act.
    expect(mail.text).not.toMatch(/graphql|endorseEnrolment/i);
    expect(mail.html).not.toContain('<pre ');
    expect(mail.calendar).toBeUndefined();
    const fr = compose(MailKind.ENDORSEMENT_REQUESTED, SAMPLES[MailKind.ENDORSEMENT_REQUESTED], { language: 'FR' });
    expect(fr.text).toContain(`Voir les candidatures${NBSP}: https://lms.example.org/party/nominations`);
    const es = compose(MailKind.ENDORSEMENT_REQUESTED, SAMPLES[MailKind.ENDORSEMENT_REQUESTED], { language: 'ES' });
    expect(es.text).toContain('Ver las candidaturas: https://lms.example.org/party/nominations');
  });

  it('links a confirmed, promoted or waitlisted delegate to the session’s page in the web application', () => {
    const page = (id: string) => `https://lms.example.org/sessions/${id}`;
    const confirmed = compose(MailKind.ENROLMENT_CONFIRMED, SAMPLES[MailKind.ENROLMENT_CONFIRMED]);
    expect(confirmed.text).toContain(`Open the session page: ${page(webinar().id)}`);
    // The join link stays first.
    expect(confirmed.text.indexOf('Join the webinar: ')).toBeLessThan(confirmed.text.indexOf('Open the session page'));
    const promoted = compose(MailKind.ENROLMENT_PROMOTED, SAMPLES[MailKind.ENROLMENT_PROMOTED], { language: 'FR' });
    expect(promoted.text).toContain(`Ouvrir la page de la session${NBSP}: ${page(workshop().id)}`);
    expect(promoted.html).toContain(`<a href="${page(workshop().id)}"`);
    const waitlisted = compose(MailKind.ENROLMENT_WAITLISTED, SAMPLES[MailKind.ENROLMENT_WAITLISTED], {
      language: 'ES',
    });
    expect(waitlisted.text).toContain(`Abrir la página de la sesión: ${page(webinar().id)}`);
    const trailing = compose(
      MailKind.ENROLMENT_CONFIRMED,
      SAMPLES[MailKind.ENROLMENT_CONFIRMED],
      {},
      { publicUrl: 'https://lms.example.org/' },
    );
    expect(trailing.text).toContain(`Open the session page: ${page(webinar().id)}`);
  });

  it('writes the endorser’s reason into a decline, in the reader’s language, and nothing when none was given', () => {
    const declined = { ...SAMPLES[MailKind.ENROLMENT_DECLINED], reason: 'The seats of Brazil went to the NIP team' };
    const en = compose(MailKind.ENROLMENT_DECLINED, declined);
    expect(en.text).toContain('The reason given:');
    expect(en.text).toContain('Reason: The seats of Brazil went to the NIP team');
    const fr = compose(MailKind.ENROLMENT_DECLINED, declined, { language: 'FR' });
    expect(fr.text).toContain(`Le motif indiqué${NBSP}:`);
    expect(fr.text).toContain(`Motif${NBSP}: The seats of Brazil went to the NIP team`);
    const es = compose(MailKind.ENROLMENT_DECLINED, declined, { language: 'ES' });
    expect(es.text).toContain('El motivo indicado:');
    expect(es.text).toContain('Motivo: The seats of Brazil went to the NIP team');
    const hostile = compose(MailKind.ENROLMENT_DECLINED, { ...declined, reason: '<b>no</b>' });
    expect(hostile.html).toContain('&lt;b&gt;no&lt;/b&gt;');
    const none = compose(MailKind.ENROLMENT_DECLINED, SAMPLES[MailKind.ENROLMENT_DECLINED]);
    expect(none.text).not.toContain('Reason:');
    expect(none.text).not.toContain('The reason given');
    expect(compose(MailKind.ENROLMENT_DECLINED, { ...declined, reason: null }).text).not.toContain('Reason:');
  });

  it('words a cancellation by the delegate differently from one by the programme', () => {
    const own = compose(MailKind.ENROLMENT_CANCELLED, SAMPLES[MailKind.ENROLMENT_CANCELLED]);
    const theirs = compose(MailKind.ENROLMENT_CANCELLED, {
      ...SAMPLES[MailKind.ENROLMENT_CANCELLED],
      byDelegate: false,
    });
    expect(own.text).toContain('As you requested, your enrolment in “Updating NIPs” has been cancelled.');
    expect(theirs.text).toContain('Your enrolment in “Updating NIPs” has been cancelled by the programme.');
    expect(theirs.text).not.toContain('As you requested');
  });

  it('tells the reason of a cancelled session and the details of a published material', () => {
    const cancelled = compose(MailKind.SESSION_CANCELLED, SAMPLES[MailKind.SESSION_CANCELLED], { language: 'FR' });
    expect(cancelled.text).toContain(`Motif${NBSP}: Hurricane warning`);
    const material = compose(MailKind.MATERIAL_PUBLISHED, SAMPLES[MailKind.MATERIAL_PUBLISHED], { language: 'ES' });
    expect(material.subject).toBe('Nuevo material de formación: NIP guidance 2027');
    expect(material.text).toContain('Módulo: NIP – National Implementation Plans');
    expect(material.text).toContain('Versión: 2');
    expect(material.text).toContain('Idioma: inglés');
    expect(material.text).toContain('Abrir el material: https://lms.example.org/materials/m-1.pdf');
  });

  it('uses the context for Message-ID, Date and sender', () => {
    const mail = compose(
      MailKind.ENROLMENT_CONFIRMED,
      SAMPLES[MailKind.ENROLMENT_CONFIRMED],
      {},
      { messageId: '<x.1@lms.example.org>' },
    );
    expect(mail.messageId).toBe('x.1@lms.example.org');
    expect(mail.date.toISOString()).toBe('2027-03-01T12:00:00.000Z');
    expect(mail.from).toBe('Stockholm Convention Capacity Building <no-reply@lms.example.org>');
    expect(mail.to).toEqual({ name: 'Ana Delegate', address: 'ana.delegate@example.org' });
    expect(mail.text).toContain('https://lms.example.org\nThis message was sent automatically');
  });
});

describe('composeMail: expired enrolments and revoked certificates', () => {
  const expired = SAMPLES[MailKind.ENROLMENT_EXPIRED];
  const NEXT_PAGE = 'https://lms.example.org/sessions/5e0c9a4b-1111-4c2d-8e3f-000000000042';

  it('tells a waitlisted delegate why, with the materials and the next session linked to its page', () => {
    const mail = compose(MailKind.ENROLMENT_EXPIRED, expired);
    expect(mail.subject).toBe('Enrolment expired: Regional workshop on NIPs and reporting');
    expect(mail.text).toContain(
      '“Regional workshop on NIPs and reporting” has been completed and no seat became free for you, ' +
        'so your place on the waitlist has expired.',
    );
    expect(mail.text).toContain('The training materials of this session, listed below, remain open to you.');
    expect(mail.text).toContain(
      'Material: NIP guidance 2027 (NIP, French) <https://lms.example.org/materials/m-1.pdf>',
    );
    expect(mail.text).toContain(
      'You may enrol in one of the next sessions of the same module, listed below with a link to each.',
    );
    expect(mail.text).toContain(
      'Next session: Updating NIPs, second round – Webinar (online), Tuesday, 1 June 2027, 10:00–12:00 Europe/Zurich',
    );
    expect(mail.text).toContain(`<${NEXT_PAGE}>`);
    expect(mail.text).toContain(`See the next session: ${NEXT_PAGE}`);
    expect(mail.html).toContain(`<a href="${NEXT_PAGE}"`);
    expect(mail.html).toContain('<a href="https://lms.example.org/materials/m-1.pdf"');
    // Never held a seat: no calendar part, no join link.
    expect(mail.calendar).toBeUndefined();
    expect(mail.text).not.toContain('webinars.example.org');
  });

  it('words a nomination never endorsed, a session that started, and nothing left to offer, in each language', () => {
    const pending = {
      ...expired,
      cause: 'SESSION_STARTED' as const,
      previousStatus: 'PENDING_ENDORSEMENT',
      materials: [],
      nextSessions: [],
    };
    const en = compose(MailKind.ENROLMENT_EXPIRED, pending);
    expect(en.text).toContain('has started before your nomination was endorsed, so your enrolment has expired.');
    expect(en.text).toContain('No training material of this session has been published yet.');
    expect(en.text).toContain('No other session of this module is scheduled yet');
    expect(en.text).not.toContain('Next session:');
    expect(en.html).not.toContain('/sessions/');
    const fr = compose(MailKind.ENROLMENT_EXPIRED, pending, { language: 'FR' });
    expect(fr.text).toContain(
      `a commencé avant que votre candidature soit approuvée${NBSP}: votre inscription a expiré.`,
    );
    const frWaitlisted = compose(MailKind.ENROLMENT_EXPIRED, expired, { language: 'FR' });
    expect(frWaitlisted.text).toContain(
      `s'est achevée sans qu'une place se libère pour vous${NBSP}: votre inscription sur liste`,
    );
    expect(frWaitlisted.text).toContain(`Prochaine session${NBSP}: Updating NIPs, second round`);
    expect(frWaitlisted.text).toContain(`Voir la prochaine session${NBSP}: ${NEXT_PAGE}`);
    const es = compose(MailKind.ENROLMENT_EXPIRED, expired, { language: 'ES' });
    expect(es.text).toContain('ha finalizado sin que quedara libre una plaza para usted');
    expect(es.text).toContain('Material: NIP guidance 2027 (NIP, francés)');
    expect(es.text).toContain('Próxima sesión: Updating NIPs, second round');
  });

  it('tells the holder their certificate was revoked, with the reason and the dates in the session’s zone', () => {
    const revoked = SAMPLES[MailKind.CERTIFICATE_REVOKED];
    const en = compose(MailKind.CERTIFICATE_REVOKED, revoked);
    expect(en.subject).toBe('Certificate revoked: Regional workshop on NIPs and reporting');
    expect(en.text).toContain(
      'The Secretariat has revoked your certificate for “Regional workshop on NIPs and reporting”',
    );
    expect(en.text).toContain('Reason: Assessment answers copied');
    expect(en.text).toContain('Issued on: 20 May 2027');
    // 23:30 UTC on 2 June is already 3 June in Johannesburg.
    expect(en.text).toContain('Revoked on: 3 June 2027');
    expect(en.text).toContain(`Verification link: ${VERIFY_URL}`);
    expect(en.text).toContain('please contact the Secretariat');
    const fr = compose(MailKind.CERTIFICATE_REVOKED, revoked, { language: 'FR' });
    expect(fr.subject).toBe(`Certificat révoqué${NBSP}: Regional workshop on NIPs and reporting`);
    expect(fr.text).toContain(`Motif${NBSP}: Assessment answers copied`);
    expect(fr.text).toContain(`Révoqué le${NBSP}: 3 juin 2027`);
    const es = compose(MailKind.CERTIFICATE_REVOKED, revoked, { language: 'ES' });
    expect(es.text).toContain('Motivo: Assessment answers copied');
    expect(es.text).toContain('Revocado el: 3 de junio de 2027');
    const hostile = compose(MailKind.CERTIFICATE_REVOKED, { ...revoked, reason: '<script>alert(1)</script>' });
    expect(hostile.html).not.toContain('<script>');
    expect(hostile.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('composeMail: HTML safety', () => {
  it('escapes every value that comes from users', () => {
    const hostile = '<script>alert("x")</script> & <b>';
    const mail = compose(
      MailKind.SESSION_CANCELLED,
      {
        session: webinar({ title: hostile, modules: [{ code: 'NIP', title: '<img src=x onerror=alert(1)>' }] }),
        reason: '</td><script>steal()</script>',
        previousStatus: 'WAITLISTED',
      },
      { fullName: '<i>Eve</i>' },
    );
    expect(mail.html).not.toMatch(/<script|<img|<i>|<b>|<\/td><script/);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;');
    expect(mail.html).toContain('&lt;/td&gt;&lt;script&gt;steal()&lt;/script&gt;');
    expect(mail.html).toContain('Dear &lt;i&gt;Eve&lt;/i&gt;,');
    expect(mail.html).toContain('<title>Session cancelled: &lt;script&gt;');
    // The plain text shows the title as typed.
    expect(mail.text).toContain(hostile);

    const endorsement = compose(MailKind.ENDORSEMENT_REQUESTED, {
      ...SAMPLES[MailKind.ENDORSEMENT_REQUESTED],
      delegate: reader({ fullName: '"><svg onload=alert(1)>', email: 'x@example.org' }),
    });
    expect(endorsement.html).not.toContain('<svg');
  });

  it('links only http(s) URLs', () => {
    const mail = compose(MailKind.ENROLMENT_CONFIRMED, {
      session: webinar({ joinUrl: 'javascript:alert(1)' }),
      enrolment: enrolment(),
    });
    expect(mail.html).not.toContain('javascript:');
    expect(mail.text).not.toContain('javascript:');
    const material = compose(MailKind.MATERIAL_PUBLISHED, {
      material: { ...SAMPLES[MailKind.MATERIAL_PUBLISHED].material, url: 'javascript:alert(1)' },
    });
    expect(material.html).not.toContain('href="javascript:');
  });

  it('keeps a subject on one line', () => {
    const mail = compose(MailKind.ENROLMENT_CONFIRMED, {
      session: webinar({ title: 'Line one\r\nBcc: victim@example.org' }),
      enrolment: enrolment(),
    });
    expect(mail.subject).toBe('Enrolment confirmed: Line one Bcc: victim@example.org');
  });
});

describe('composeMail: calendar part', () => {
  it('invites a confirmed delegate (REQUEST) with the session’s UID, SEQUENCE, UTC times and the change’s DTSTAMP', () => {
    const mail = compose(MailKind.ENROLMENT_CONFIRMED, SAMPLES[MailKind.ENROLMENT_CONFIRMED]);
    expect(mail.calendar!.method).toBe('REQUEST');
    const { calendar, event } = vevent(mail);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.getFirstPropertyValue('uid')).toBe('session-0b6f3c1e-5d1a-4a57-9a43-0f1d2b3c4d5e@lms.example.org');
    expect(event.getFirstPropertyValue('sequence')).toBe(2);
    expect(event.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(utc(event.getFirstPropertyValue('dtstart'))).toBe('2027-03-30T08:00:00.000Z');
    expect(utc(event.getFirstPropertyValue('dtend'))).toBe('2027-03-30T10:00:00.000Z');
    expect(utc(event.getFirstPropertyValue('dtstamp'))).toBe('2027-03-01T12:00:00.000Z');
    expect(mail.calendar!.content).toContain('DTSTART:20270330T080000Z');
    expect(event.getFirstPropertyValue('summary')).toBe('Updating NIPs');
    expect(event.getFirstPropertyValue('url')).toBe('https://webinars.example.org/nip-2027');
    expect(event.getFirstPropertyValue('location')).toBe('https://webinars.example.org/nip-2027');
    const attendee = event.getFirstProperty('attendee')!;
    expect(String(attendee.getFirstValue()).toLowerCase()).toBe('mailto:ana.delegate@example.org');
    expect(attendee.getParameter('cn')).toBe('Ana Delegate');
    expect(attendee.getParameter('partstat')).toBe('ACCEPTED');
    const organizer = event.getFirstProperty('organizer')!;
    expect(String(organizer.getFirstValue()).toLowerCase()).toBe('mailto:no-reply@lms.example.org');
    expect(organizer.getParameter('cn')).toBe('Stockholm Convention Capacity Building');
    expect(mail.text).toContain('The attached calendar invitation adds this session to your calendar');
  });

  it('keeps the UID and carries the new SEQUENCE and times when a session is rescheduled', () => {
    const first = vevent(compose(MailKind.ENROLMENT_CONFIRMED, SAMPLES[MailKind.ENROLMENT_CONFIRMED])).event;
    const moved = compose(
      MailKind.SESSION_RESCHEDULED,
      SAMPLES[MailKind.SESSION_RESCHEDULED],
      {},
      { occurredAt: '2027-03-10T09:30:00.000Z' },
    );
    expect(moved.calendar!.method).toBe('REQUEST');
    const { event } = vevent(moved);
    expect(event.getFirstPropertyValue('uid')).toBe(first.getFirstPropertyValue('uid'));
    expect(event.getFirstPropertyValue('sequence')).toBe(3);
    expect(utc(event.getFirstPropertyValue('dtstart'))).toBe('2027-04-06T08:00:00.000Z');
    expect(utc(event.getFirstPropertyValue('dtstamp'))).toBe('2027-03-10T09:30:00.000Z');
  });

  it('sends no invitation with a reschedule to a reader without a confirmed seat', () => {
    for (const enrolmentStatus of ['WAITLISTED', 'PENDING_ENDORSEMENT']) {
      const mail = compose(MailKind.SESSION_RESCHEDULED, { ...SAMPLES[MailKind.SESSION_RESCHEDULED], enrolmentStatus });
      expect(mail.calendar).toBeUndefined();
      expect(mail.text).not.toContain('webinars.example.org');
    }
  });

  it.each([MailKind.ENROLMENT_DECLINED, MailKind.ENROLMENT_CANCELLED, MailKind.SESSION_CANCELLED] as const)(
    '%s cancels the calendar entry (CANCEL) only of a previously confirmed seat',
    (kind) => {
      const data = { ...SAMPLES[kind], previousStatus: 'CONFIRMED' } as MailData[typeof kind];
      const mail = compose(kind, data);
      expect(mail.calendar!.method).toBe('CANCEL');
      const { calendar, event } = vevent(mail);
      expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
      expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
      expect(event.getFirstPropertyValue('uid')).toBe(`session-${data.session.id}@lms.example.org`);
      expect(event.getFirstPropertyValue('sequence')).toBe(data.session.sequence);
      expect(event.getFirstProperty('attendee')!.getParameter('partstat')).toBeUndefined();
      expect(event.getFirstPropertyValue('url')).toBeNull();
      expect(mail.text).toContain('The attached calendar cancellation removes this session from your calendar.');

      const notConfirmed = compose(kind, { ...SAMPLES[kind], previousStatus: 'WAITLISTED' } as MailData[typeof kind]);
      expect(notConfirmed.calendar).toBeUndefined();
    },
  );

  it.each([
    MailKind.ENROLMENT_WAITLISTED,
    MailKind.ENDORSEMENT_REQUESTED,
    MailKind.MATERIAL_PUBLISHED,
    MailKind.SESSION_REMINDER,
    MailKind.ASSESSMENT_INVITATION,
    MailKind.ASSESSMENT_REMINDER,
    MailKind.FOLLOW_UP_SURVEY,
    MailKind.CERTIFICATE_ISSUED,
  ] as const)('%s has no calendar part', (kind) => {
    expect(compose(kind, SAMPLES[kind] as never).calendar).toBeUndefined();
  });

  it('writes valid iCalendar from awkward text: folded at 75 octets, escaped, unquoted enumerations', () => {
    const title = 'Mise à jour des PNM; réunion, «\u00a0spéciale\u00a0» \\ '.repeat(4) + 'Обновление';
    const mail = compose(
      MailKind.ENROLMENT_CONFIRMED,
      {
        session: workshop({ title, venue: 'Salle "A"; bâtiment 2' }),
        enrolment: enrolment(),
      },
      { fullName: 'José "Pepe" Pérez', language: 'FR' },
    );
    const content = mail.calendar!.content;
    for (const line of content.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(content.endsWith('\r\n')).toBe(true);
    expect(content).not.toMatch(/[^\r]\n/);
    const { event } = vevent(mail);
    expect(event.getFirstPropertyValue('summary')).toBe(title);
    expect(event.getFirstPropertyValue('location')).toBe('Salle "A"; bâtiment 2, Pretoria');
    const attendee = event.getFirstProperty('attendee')!;
    expect(attendee.getParameter('cn')).toBe('José Pepe Pérez');
    const unfolded = content.replace(/\r\n /g, '');
    expect(unfolded).toMatch(
      /^ATTENDEE;RSVP=FALSE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN="José Pepe Pérez":mailto:/m,
    );
    expect(unfolded).not.toContain('X-PUBLISHED-TTL');
  });
});

describe('composeMail: assessment, follow-up and certificate', () => {
  const tokyo = { timeZone: 'Asia/Tokyo' };
  /** The reminder's planned moment: ASSESSMENT_REMINDER_BEFORE (3 days) before the deadline. */
  const threeDaysBefore = { occurredAt: new Date(Date.parse(DUE_AT) - 3 * DAY).toISOString() };
  const SESSION_ID = webinar().id;

  it('invites to the assessment with the deadline in the session’s and the reader’s zone, the rules and its page', () => {
    const mail = compose(MailKind.ASSESSMENT_INVITATION, SAMPLES[MailKind.ASSESSMENT_INVITATION], tokyo);
    expect(mail.subject).toBe('Post-course assessment: Updating NIPs');
    expect(mail.text).toContain('Deadline: Tuesday, 13 April 2027 at 23:59 Europe/Zurich (CEST, UTC+2)');
    expect(mail.text).toContain('Deadline (your zone): Wednesday, 14 April 2027 at 06:59 Asia/Tokyo (GMT+9)');
    expect(mail.text).toContain('Assessment: NIP – National Implementation Plans (pass mark 70/100)');
    expect(mail.text).toContain('Assessment: REPORTING – National reporting (pass mark 60/100)');
    expect(mail.text).toContain('up to three attempts per module, and your best score counts');
    expect(mail.text).toContain('earns you a certificate');
    expect(mail.text).toContain('Take it on the programme’s website with the link below');
    expect(mail.text).toContain(`Take the assessment: https://lms.example.org/my/assessments/${SESSION_ID}/post`);
    expect(mail.html).toContain(`<a href="https://lms.example.org/my/assessments/${SESSION_ID}/post"`);
    // No API instructions any more.
    expect(mail.text).not.toMatch(/graphql|assessmentFor|submitAssessment/i);
    expect(mail.html).not.toContain('<pre ');
    // The session is over: no join link, and nothing for calendars.
    expect(mail.text).not.toContain('webinars.example.org');
    expect(mail.html).not.toContain('webinars.example.org');
    expect(mail.calendar).toBeUndefined();

    const fr = compose(MailKind.ASSESSMENT_INVITATION, SAMPLES[MailKind.ASSESSMENT_INVITATION], {
      ...tokyo,
      language: 'FR',
    });
    expect(spaces(fr.text)).toContain('Date limite : mardi 13 avril 2027 à 23:59 Europe/Zurich (UTC+2)');
    expect(spaces(fr.text)).toContain('Date limite (votre fuseau) : mercredi 14 avril 2027 à 06:59 Asia/Tokyo (UTC+9)');
    expect(fr.text).toContain(`NIP – National Implementation Plans (seuil de réussite${NBSP}: 70/100)`);
    const es = compose(MailKind.ASSESSMENT_INVITATION, SAMPLES[MailKind.ASSESSMENT_INVITATION], {
      ...tokyo,
      language: 'ES',
    });
    expect(es.text).toContain('Fecha límite (su zona): miércoles, 14 de abril de 2027, 06:59 Asia/Tokyo (GMT+9)');
    expect(es.text).toContain('Dispone de hasta tres intentos por módulo');

    // A reader in the session's zone reads the deadline once.
    const local = compose(MailKind.ASSESSMENT_INVITATION, SAMPLES[MailKind.ASSESSMENT_INVITATION], {
      timeZone: 'Europe/Zurich',
    });
    expect(local.text).not.toContain('Deadline (your zone)');
  });

  it('reminds of the modules still to take, due in 3 days, in each language', () => {
    const mail = compose(MailKind.ASSESSMENT_REMINDER, SAMPLES[MailKind.ASSESSMENT_REMINDER], tokyo, threeDaysBefore);
    expect(mail.subject).toBe('Assessment due in 3 days: Updating NIPs');
    expect(mail.text).toContain('Your assessment is due in 3 days\n');
    expect(mail.text).toContain('It is due in 3 days: please take it before the deadline');
    expect(mail.text).toContain('Deadline (your zone): Wednesday, 14 April 2027 at 06:59 Asia/Tokyo (GMT+9)');
    // Only the module still to take; the link opens the session's post-course assessment.
    expect(mail.text).toContain('Assessment: REPORTING – National reporting (pass mark 60/100)');
    expect(mail.text).not.toContain('Assessment: NIP');
    expect(mail.text).toContain(`Take the assessment: https://lms.example.org/my/assessments/${SESSION_ID}/post`);
    expect(mail.calendar).toBeUndefined();

    const fr = compose(
      MailKind.ASSESSMENT_REMINDER,
      SAMPLES[MailKind.ASSESSMENT_REMINDER],
      { language: 'FR' },
      threeDaysBefore,
    );
    expect(fr.subject).toMatch(new RegExp(`^Évaluation à rendre dans 3\\s+jours${NBSP}: Updating NIPs$`));
    const es = compose(
      MailKind.ASSESSMENT_REMINDER,
      SAMPLES[MailKind.ASSESSMENT_REMINDER],
      { language: 'ES' },
      threeDaysBefore,
    );
    expect(es.subject).toBe('Evaluación pendiente (vence dentro de 3 días): Updating NIPs');
  });

  it('counts the reminder’s lead time from its moment: exact when planned, rounded when late', () => {
    const due = (occurredAt: string) =>
      compose(MailKind.ASSESSMENT_REMINDER, SAMPLES[MailKind.ASSESSMENT_REMINDER], {}, { occurredAt }).subject;
    const before = (ms: number) => new Date(Date.parse(DUE_AT) - ms).toISOString();
    expect(due(before(36 * 3_600_000))).toBe('Assessment due in 36 hours: Updating NIPs');
    expect(due(before(90 * 60_000))).toBe('Assessment due in 90 minutes: Updating NIPs');
    // Sent 5 minutes and 3 seconds after its planned moment: still "3 days", not a count of seconds.
    expect(due(before(3 * DAY - 303_000))).toBe('Assessment due in 3 days: Updating NIPs');
    expect(() =>
      compose(MailKind.ASSESSMENT_REMINDER, { ...SAMPLES[MailKind.ASSESSMENT_REMINDER], dueAt: 'soon' }),
    ).toThrow(/dueAt/);
  });

  it('asks whether the Party applied the training, with a link to the survey’s page, in each language', () => {
    const survey = `https://lms.example.org/my/assessments/${SESSION_ID}/follow-up`;
    const mail = compose(MailKind.FOLLOW_UP_SURVEY, SAMPLES[MailKind.FOLLOW_UP_SURVEY]);
    expect(mail.subject).toBe('Follow-up on your training: Updating NIPs');
    expect(mail.text).toContain('Has your Party applied the guidance of this training since then, and for what?');
    expect(mail.text).toContain('Completed on: 30 March 2027');
    expect(mail.text).toContain('Please answer on the programme’s website with the link below');
    expect(mail.text).toContain(`Answer the survey: ${survey}`);
    expect(mail.html).toContain(`<a href="${survey}"`);
    expect(mail.text).not.toMatch(/graphql|submitFollowUp/i);
    expect(mail.html).not.toContain('<pre ');
    expect(mail.text).not.toContain('webinars.example.org');
    expect(mail.calendar).toBeUndefined();

    const fr = compose(MailKind.FOLLOW_UP_SURVEY, SAMPLES[MailKind.FOLLOW_UP_SURVEY], { language: 'FR' });
    expect(fr.text).toContain(`Répondre au questionnaire${NBSP}: ${survey}`);
    expect(fr.text).toContain(`Achevée le${NBSP}: 30 mars 2027`);
    const es = compose(MailKind.FOLLOW_UP_SURVEY, SAMPLES[MailKind.FOLLOW_UP_SURVEY], { language: 'ES' });
    expect(es.text).toContain(`Responder a la encuesta: ${survey}`);
    expect(es.text).toContain('Finalizada el: 30 de marzo de 2027');
  });

  it('sends the certificate’s facts, code and links, and says the PDF is attached (without attaching it)', () => {
    const mail = compose(MailKind.CERTIFICATE_ISSUED, SAMPLES[MailKind.CERTIFICATE_ISSUED]);
    expect(mail.subject).toBe('Your certificate: Regional workshop on NIPs and reporting');
    expect(mail.text).toContain('You have completed “Regional workshop on NIPs and reporting”');
    expect(mail.text).toContain('Holder: Ana Delegate');
    expect(mail.text).toContain('Party: Brazil (BRA)');
    expect(mail.text).toContain('Session: Regional workshop on NIPs and reporting');
    expect(mail.text).toContain('Modules: NIP – National Implementation Plans; REPORTING – National reporting');
    expect(mail.text).toContain('Issued on: 20 May 2027');
    expect(mail.text).toContain(`Verification code: ${CERTIFICATE_CODE}`);
    expect(mail.text).toContain(`Verification link: ${VERIFY_URL}`);
    expect(mail.text).toContain(`Certificate (PDF): ${PDF_URL}`);
    expect(mail.text).toContain(`Download the certificate (PDF): ${PDF_URL}`);
    expect(mail.text).toContain(`Verify the certificate: ${VERIFY_URL}`);
    const page = `https://lms.example.org/my/certificates/${CERTIFICATE_CODE}`;
    expect(mail.text).toContain(`See the certificate online: ${page}`);
    expect(mail.html).toContain(`<a href="${page}"`);
    expect(mail.text).toContain('The certificate is attached to this message as a PDF file.');
    // Each link as a fact and as a button.
    expect(mail.html.split(`<a href="${VERIFY_URL}"`)).toHaveLength(3);
    expect(mail.html.split(`<a href="${PDF_URL}"`)).toHaveLength(3);
    expect(mail.html).toContain(`>${CERTIFICATE_CODE}</td>`);
    expect(mail.attachments).toBeUndefined();
    expect(mail.calendar).toBeUndefined();

    const fr = compose(MailKind.CERTIFICATE_ISSUED, SAMPLES[MailKind.CERTIFICATE_ISSUED], { language: 'FR' });
    expect(fr.text).toContain(`Délivré le${NBSP}: 20 mai 2027`);
    expect(fr.text).toContain(`Code de vérification${NBSP}: ${CERTIFICATE_CODE}`);
    expect(fr.text).toContain('Le certificat est joint à ce message au format PDF.');
    const es = compose(MailKind.CERTIFICATE_ISSUED, SAMPLES[MailKind.CERTIFICATE_ISSUED], { language: 'ES' });
    expect(es.text).toContain('Expedido el: 20 de mayo de 2027');
    expect(es.text).toContain(`Descargar el certificado (PDF): ${PDF_URL}`);
  });

  it('links only http(s) certificate URLs and escapes the query string of a link', () => {
    const hostile = compose(MailKind.CERTIFICATE_ISSUED, {
      ...SAMPLES[MailKind.CERTIFICATE_ISSUED],
      pdfUrl: 'javascript:alert(1)',
    });
    expect(hostile.html).not.toContain('href="javascript:');
    expect(hostile.text).not.toContain('Download the certificate');
    const query = compose(MailKind.CERTIFICATE_ISSUED, {
      ...SAMPLES[MailKind.CERTIFICATE_ISSUED],
      pdfUrl: `${PDF_URL}?lang=fr&download=1`,
    });
    expect(query.html).toContain(`<a href="${PDF_URL}?lang=fr&amp;download=1"`);
  });

  it.each([
    MailKind.ASSESSMENT_INVITATION,
    MailKind.ASSESSMENT_REMINDER,
    MailKind.FOLLOW_UP_SURVEY,
    MailKind.CERTIFICATE_ISSUED,
  ] as const)('%s escapes a title typed with HTML', (kind) => {
    const title = 'NIPs <b>2027</b>';
    const module = { code: 'NIP', title: '<img src=x onerror=alert(1)>' };
    const data =
      kind === MailKind.CERTIFICATE_ISSUED
        ? {
            ...SAMPLES[kind],
            certificate: certificate({
              holderName: '<i>Eve</i>',
              modules: [module],
              session: { ...certificate().session, title },
            }),
          }
        : kind === MailKind.FOLLOW_UP_SURVEY
          ? { ...SAMPLES[kind], session: webinar({ title, modules: [module] }) }
          : { ...SAMPLES[kind], session: webinar({ title }), modules: [{ ...module, passMark: 70 }] };
    const mail = compose(kind, data as never);
    expect(mail.html).not.toMatch(/<b>|<img|<i>/);
    expect(mail.html).toContain('NIPs &lt;b&gt;2027&lt;/b&gt;');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.text).toContain(title);
  });

  it.each([
    MailKind.ASSESSMENT_INVITATION,
    MailKind.ASSESSMENT_REMINDER,
    MailKind.FOLLOW_UP_SURVEY,
    MailKind.CERTIFICATE_ISSUED,
  ] as const)('%s is in English for an AR reader, with Arabic dates marked as such', (kind) => {
    const mail = compose(kind, SAMPLES[kind] as never, { language: 'AR', timeZone: 'Asia/Riyadh' }, threeDaysBefore);
    expect(mail.language).toBe('EN');
    expect(mail.subject.startsWith(SUBJECTS[kind].EN)).toBe(true);
    expect(mail.text).toContain('Dear Ana Delegate,');
    expect(mail.headers['Content-Language']).toBe('en');
    expect(mail.html).toMatch(/<td[^>]* lang="ar" dir="auto">[^<]*(أبريل|مارس|مايو)/);
    expect(mail.text).not.toMatch(/Monday|Tuesday|Wednesday|March|April|May 2027/);
  });

  it('says “in 3 days” in English to an AR reader of an assessment reminder', () => {
    const mail = compose(
      MailKind.ASSESSMENT_REMINDER,
      SAMPLES[MailKind.ASSESSMENT_REMINDER],
      { language: 'AR' },
      threeDaysBefore,
    );
    expect(mail.subject).toBe('Assessment due in 3 days: Updating NIPs');
    expect(mail.text).toContain('Deadline: الثلاثاء، 13 أبريل 2027');
  });
});

describe('composeMail: account e-mails', () => {
  it('gives the confirmation link as the one action, with its expiry in the reader’s zone, in each language', () => {
    const en = compose(MailKind.EMAIL_VERIFICATION, SAMPLES[MailKind.EMAIL_VERIFICATION]);
    expect(en.subject).toBe('Confirm your e-mail address');
    expect(en.text).toContain(`Confirm my address: ${CONFIRM_URL}`);
    expect(en.html).toContain(`href="${CONFIRM_URL}"`);
    // 12:00 UTC is 07:00 in New York (EST, before the US change to summer time on 14 March).
    expect(spaces(en.text)).toMatch(/Link valid until: Wednesday, 3 March 2027\D+07:00 America\/New_York/);
    expect(en.text).toMatch(/works once/);
    expect(en.text).toContain('sign in at https://lms.example.org with it');
    expect(en.text).not.toMatch(/graphql|resendVerification/i);
    const fr = compose(MailKind.EMAIL_VERIFICATION, SAMPLES[MailKind.EMAIL_VERIFICATION], {
      language: 'FR',
      timeZone: 'Africa/Dakar',
    });
    expect(fr.text).toContain(`Confirmer mon adresse${NBSP}: ${CONFIRM_URL}`);
    expect(spaces(fr.text)).toMatch(/mercredi 3 mars 2027.*12:00 Africa\/Dakar/);
    const es = compose(MailKind.EMAIL_VERIFICATION, SAMPLES[MailKind.EMAIL_VERIFICATION], {
      language: 'ES',
      timeZone: 'America/Lima',
    });
    expect(es.text).toContain(`Confirmar mi dirección: ${CONFIRM_URL}`);
    expect(spaces(es.text)).toMatch(/miércoles, 3 de marzo de 2027.*07:00 America\/Lima/);
  });

  it('makes no clickable link of a confirmation URL that is not http(s)', () => {
    const mail = compose(MailKind.EMAIL_VERIFICATION, {
      confirmUrl: 'javascript:alert(1)',
      expiresAt: '2027-03-03T12:00:00.000Z',
    });
    expect(mail.html).not.toContain('javascript:');
    expect(mail.text).not.toContain('javascript:');
  });

  it('tells the owner of an address that someone tried to register with it, with no link to act on', () => {
    const mail = compose(MailKind.REGISTRATION_ATTEMPT, SAMPLES[MailKind.REGISTRATION_ATTEMPT]);
    expect(mail.text).toMatch(/no new account was created and nothing has changed in yours/);
    expect(mail.text).toMatch(/sign in at https:\/\/lms.example.org with this address and your password/);
    expect(mail.text).toMatch(/forgotten your password/);
    expect(spaces(mail.text)).toMatch(/When: Monday, 1 March 2027\D+07:00 America\/New_York/);
    expect(mail.html).not.toMatch(/account\/confirm|confirm-email|reset-password/);
    expect(mail.text).toMatch(/ask for a link to choose a new one/);
    expect(mail.text).not.toMatch(/graphql/i);
    expect(mail.html).not.toMatch(/<a href="[^"]*"[^>]*style="display:inline-block/); // no button
  });

  it('gives the password reset link as the one action, with its expiry in the reader’s zone, in each language', () => {
    const en = compose(MailKind.PASSWORD_RESET, SAMPLES[MailKind.PASSWORD_RESET]);
    expect(en.subject).toBe('Reset your password');
    expect(en.text).toContain(`Choose a new password: ${RESET_URL}`);
    expect(en.html).toContain(`href="${RESET_URL}"`);
    // 13:00 UTC is 08:00 in New York (EST).
    expect(spaces(en.text)).toMatch(/Link valid until: Monday, 1 March 2027\D+08:00 America\/New_York/);
    expect(en.text).toMatch(/works once; using it signs your account out everywhere/);
    expect(en.text).toMatch(/If you did not ask for this, ignore this message/);
    const fr = compose(MailKind.PASSWORD_RESET, SAMPLES[MailKind.PASSWORD_RESET], {
      language: 'FR',
      timeZone: 'Africa/Dakar',
    });
    expect(fr.text).toContain(`Choisir un nouveau mot de passe${NBSP}: ${RESET_URL}`);
    expect(spaces(fr.text)).toMatch(/lundi 1 mars 2027.*13:00 Africa\/Dakar/);
    const es = compose(MailKind.PASSWORD_RESET, SAMPLES[MailKind.PASSWORD_RESET], { language: 'ES' });
    expect(es.text).toContain(`Elegir una nueva contraseña: ${RESET_URL}`);
    const hostile = compose(MailKind.PASSWORD_RESET, {
      resetUrl: 'javascript:alert(1)',
      expiresAt: '2027-03-01T13:00:00.000Z',
    });
    expect(hostile.html).not.toContain('javascript:');
    expect(hostile.text).not.toContain('javascript:');
  });
});
