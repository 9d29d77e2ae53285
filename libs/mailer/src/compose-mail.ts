import type { Recipient, SessionSnapshot } from '@lib/messages';
import { textsFor, type MailTexts } from './mail-catalogue';
import { MailKind, type ComposedMail, type MailContext, type MailData } from './mail-kinds';
import { dateLocaleOf, textLanguageOf } from './mail-language';
import {
  renderHtml,
  renderText,
  safeHref,
  type MailAction,
  type MailBody,
  type MailCode,
  type MailFact,
} from './mail-layout';
import { parseMailbox } from './mailbox';
import { renderCalendar } from './session-calendar';
import { leadTime, spanForReader, spanInZone, usableZone } from './time-text';

/** Who reads the message and how: the words' language, the dates' locale, and the reader's own zone. */
interface Reader {
  texts: MailTexts;
  /** Locale of dates and times (the reader's own, also when the words fall back to English). */
  locale: string;
  to: Recipient;
  publicUrl: string;
  /** ISO-8601 UTC instant the message is written for (a reminder's planned moment): "due in 3 days" counts from it. */
  occurredAt: string;
}

/** What one kind of message says, before the shared layout turns it into HTML and text. */
interface Content {
  subject: string;
  heading: string;
  paragraphs: string[];
  facts: MailFact[];
  actions?: MailAction[];
  codes?: MailCode[];
  /** Paragraphs after the facts and actions (that a file is attached). */
  notes?: string[];
  /** The iTIP part, when the message changes the reader's calendar. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; session: SessionSnapshot };
}

type Writer<K extends MailKind> = (data: MailData[K], reader: Reader) => Content;

/** The value of the html lang attribute for dates, when their locale is not the words' language (Arabic dates). */
function dateLang(reader: Reader): string | undefined {
  return reader.locale.split('-')[0] === reader.texts.tag ? undefined : reader.locale;
}

/** A span in the session's zone and, when it differs, in the reader's. */
function timeFacts(
  span: { startsAt: string; endsAt: string },
  session: SessionSnapshot,
  reader: Reader,
  labels: { session: string; reader: string },
): MailFact[] {
  const shown = spanForReader(span, session.timeZone, reader.to.timeZone, reader.locale);
  const lang = dateLang(reader);
  const facts: MailFact[] = [{ label: labels.session, value: shown.sessionZone, lang }];
  if (shown.readerZone) facts.push({ label: labels.reader, value: shown.readerZone, lang });
  return facts;
}

function currentTimes(session: SessionSnapshot, reader: Reader): MailFact[] {
  const { labels } = reader.texts;
  return timeFacts(session, session, reader, { session: labels.when, reader: labels.whenForYou });
}

/**
 * The join link, only for a reader holding a seat: the snapshot may carry it, but a waitlisted delegate or a focal
 * point must not get into the webinar through an e-mail (the API hides it from them the same way).
 */
function joinUrlFor(session: SessionSnapshot, holdsSeat: boolean): string | null {
  return holdsSeat && session.kind === 'WEBINAR' ? safeHref(session.joinUrl) : null;
}

function moduleList(modules: { code: string; title: string }[]): string {
  return modules.map((m) => `${m.code} – ${m.title}`).join('; ');
}

/** Title, format, modules, times, place: what every message about a session shows. */
function sessionFacts(
  session: SessionSnapshot,
  reader: Reader,
  opts: { holdsSeat: boolean; times?: MailFact[] },
): MailFact[] {
  const { labels, sessionKind, regions, online } = reader.texts;
  const facts: MailFact[] = [
    { label: labels.session, value: session.title },
    { label: labels.format, value: sessionKind[session.kind] ?? session.kind },
  ];
  if (session.modules.length) {
    facts.push({ label: labels.modules, value: moduleList(session.modules) });
  }
  facts.push(...(opts.times ?? currentTimes(session, reader)));
  if (session.kind === 'WORKSHOP') {
    if (session.venue) facts.push({ label: labels.where, value: session.venue });
    if (session.hostCentre)
      facts.push({ label: labels.hostCentre, value: `${session.hostCentre.name}, ${session.hostCentre.city}` });
    if (session.region)
      facts.push({
        label: labels.region,
        value: regions[session.region as keyof MailTexts['regions']] ?? session.region,
      });
  } else {
    facts.push({ label: labels.where, value: online });
    const joinUrl = joinUrlFor(session, opts.holdsSeat);
    if (joinUrl) facts.push({ label: labels.joinLink, value: joinUrl, href: joinUrl });
  }
  return facts;
}

function joinAction(session: SessionSnapshot, reader: Reader, holdsSeat: boolean): MailAction[] {
  const joinUrl = joinUrlFor(session, holdsSeat);
  return joinUrl ? [{ label: reader.texts.actions.join, url: joinUrl }] : [];
}

function travelFact(session: SessionSnapshot, funded: boolean, texts: MailTexts): MailFact[] {
  // Funded travel exists only for workshops: a webinar needs no journey.
  if (session.kind !== 'WORKSHOP') return [];
  return [{ label: texts.labels.travel, value: funded ? texts.travel.funded : texts.travel.selfFunded }];
}

/** A calendar cancellation only for a reader whose calendar holds the session, i.e. who had a confirmed seat. */
function cancelIfConfirmed(session: SessionSnapshot, previousStatus: string): Content['calendar'] {
  return previousStatus === 'CONFIRMED' ? { method: 'CANCEL', session } : undefined;
}

/** A date alone ("12 May 2027") in the reader's locale, as it falls in `zone`. */
function dateFact(label: string, iso: string, zone: string, reader: Reader): MailFact {
  const format = new Intl.DateTimeFormat(reader.locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: usableZone(zone),
  });
  return { label, value: format.format(new Date(iso)), lang: dateLang(reader) };
}

/** An instant in the reader's own zone, with the zone named (a deadline that is not a session's). */
function instantForReader(iso: string, reader: Reader): string {
  return spanInZone(iso, iso, reader.to.timeZone, reader.locale);
}

/**
 * A page of the web application (served at PUBLIC_URL): where the messages send their readers to act. Its routes:
 * /sessions/{id}, /my/assessments/{sessionId}/{pre|post|follow-up}, /my/certificates/{code}, /party/nominations,
 * /confirm-email?token=…, /reset-password?token=… (the last two are written by the sender of those messages).
 */
function webPage(reader: Reader, ...segments: string[]): string {
  return `${reader.publicUrl}/${segments.map(encodeURIComponent).join('/')}`;
}

function sessionPageAction(session: SessionSnapshot, reader: Reader): MailAction {
  return { label: reader.texts.actions.openSession, url: webPage(reader, 'sessions', session.id) };
}

type AssessedModule = MailData[MailKind.ASSESSMENT_INVITATION]['modules'][number];

/** The deadline (a span of no length) in the session's zone and, when it differs, the reader's; then each module. */
function assessmentFacts(
  session: SessionSnapshot,
  modules: AssessedModule[],
  dueAt: string,
  reader: Reader,
): MailFact[] {
  const t = reader.texts;
  return [
    ...timeFacts({ startsAt: dueAt, endsAt: dueAt }, session, reader, {
      session: t.labels.deadline,
      reader: t.labels.deadlineForYou,
    }),
    ...modules.map((m) => ({
      label: t.labels.assessment,
      value: `${m.code} – ${m.title} (${t.assessment.passMark(m.passMark)})`,
    })),
    // Whoever takes the assessment attended already: no join link.
    ...sessionFacts(session, reader, { holdsSeat: false }),
  ];
}

/** The web application's page of one assessment of a session (`post`, or the `follow-up` survey). */
function assessmentAction(session: SessionSnapshot, kind: 'post' | 'follow-up', reader: Reader): MailAction {
  const t = reader.texts;
  return {
    label: kind === 'post' ? t.actions.takeAssessment : t.actions.answerSurvey,
    url: webPage(reader, 'my', 'assessments', session.id, kind),
  };
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * From the message's moment to `dueAt`. A reminder written for its planned moment is a configured duration before the
 * deadline and is said exactly ("in 3 days", "in 36 hours"); any other gap is rounded to its largest unit, so a late
 * message says "in 3 days" rather than "in 4,315 minutes".
 */
function leadUntil(dueAt: string, occurredAt: string): number {
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) throw new Error(`dueAt is not an ISO-8601 instant: ${dueAt}`);
  const ms = Math.max(0, due - Date.parse(occurredAt));
  if (ms < MINUTE || ms % (ms >= DAY ? HOUR : MINUTE) === 0) return ms;
  const unit = ms >= DAY ? DAY : ms >= HOUR ? HOUR : MINUTE;
  return Math.round(ms / unit) * unit;
}

/** "20.4 MB" (French "20,4 Mo"): one decimal from a kilobyte on, units of 1,024. */
function sizeInWords(bytes: number, t: MailTexts): string {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  const amount = new Intl.NumberFormat(t.tag, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    value,
  );
  return t.materialPublished.size(amount, units[unit]);
}

function languageName(code: string, tag: string): string {
  try {
    return new Intl.DisplayNames([tag], { type: 'language' }).of(code.toLowerCase()) ?? code;
  } catch {
    return code;
  }
}

const WRITERS: { [K in MailKind]: Writer<K> } = {
  [MailKind.ENROLMENT_CONFIRMED]: ({ session, enrolment }, reader) => {
    const t = reader.texts;
    return {
      subject: t.confirmed.subject(session.title),
      heading: t.confirmed.heading,
      paragraphs: [t.confirmed.lead(session.title)],
      facts: [...sessionFacts(session, reader, { holdsSeat: true }), ...travelFact(session, enrolment.funded, t)],
      actions: [...joinAction(session, reader, true), sessionPageAction(session, reader)],
      calendar: { method: 'REQUEST', session },
    };
  },

  [MailKind.ENROLMENT_PROMOTED]: ({ session, enrolment }, reader) => {
    const t = reader.texts;
    return {
      subject: t.promoted.subject(session.title),
      heading: t.promoted.heading,
      paragraphs: [t.promoted.lead(session.title)],
      facts: [...sessionFacts(session, reader, { holdsSeat: true }), ...travelFact(session, enrolment.funded, t)],
      actions: [...joinAction(session, reader, true), sessionPageAction(session, reader)],
      calendar: { method: 'REQUEST', session },
    };
  },

  [MailKind.ENROLMENT_WAITLISTED]: ({ session, enrolment }, reader) => {
    const t = reader.texts;
    const position = enrolment.waitlistPosition;
    return {
      subject: t.waitlisted.subject(session.title),
      heading: t.waitlisted.heading,
      paragraphs: [t.waitlisted.lead(session.title, position)],
      facts: [
        ...(position !== null ? [{ label: t.labels.waitlistPosition, value: String(position) }] : []),
        ...sessionFacts(session, reader, { holdsSeat: false }),
      ],
      actions: [sessionPageAction(session, reader)],
    };
  },

  [MailKind.ENDORSEMENT_REQUESTED]: ({ session, enrolment, delegate, party }, reader) => {
    const t = reader.texts;
    return {
      subject: t.endorsementRequested.subject(delegate.fullName, session.title),
      heading: t.endorsementRequested.heading,
      paragraphs: [
        t.endorsementRequested.lead(delegate.fullName, party.name, session.title),
        t.endorsementRequested.howTo,
      ],
      facts: [
        { label: t.labels.delegate, value: delegate.fullName },
        { label: t.labels.email, value: delegate.email },
        { label: t.labels.party, value: `${party.name} (${party.code})` },
        { label: t.labels.enrolmentId, value: enrolment.id },
        ...sessionFacts(session, reader, { holdsSeat: false }),
        ...travelFact(session, enrolment.funded, t),
      ],
      actions: [{ label: t.actions.reviewNominations, url: webPage(reader, 'party', 'nominations') }],
    };
  },

  [MailKind.ENROLMENT_DECLINED]: ({ session, previousStatus, reason }, reader) => {
    const t = reader.texts;
    return {
      subject: t.declined.subject(session.title),
      heading: t.declined.heading,
      paragraphs: [t.declined.lead(session.title), ...(reason ? [t.declined.reasonGiven] : [])],
      facts: [
        // The endorser's words as written (the label is in the reader's language).
        ...(reason ? [{ label: t.labels.reason, value: reason }] : []),
        ...sessionFacts(session, reader, { holdsSeat: false }),
      ],
      calendar: cancelIfConfirmed(session, previousStatus),
    };
  },

  [MailKind.ENROLMENT_CANCELLED]: ({ session, previousStatus, byDelegate }, reader) => {
    const t = reader.texts;
    return {
      subject: t.cancelled.subject(session.title),
      heading: t.cancelled.heading,
      paragraphs: [byDelegate ? t.cancelled.byDelegate(session.title) : t.cancelled.byProgramme(session.title)],
      facts: sessionFacts(session, reader, { holdsSeat: false }),
      calendar: cancelIfConfirmed(session, previousStatus),
    };
  },

  [MailKind.ENROLMENT_EXPIRED]: ({ session, cause, previousStatus, materials, nextSessions }, reader) => {
    const t = reader.texts;
    const waitedFor = previousStatus === 'PENDING_ENDORSEMENT' ? 'ENDORSEMENT' : 'SEAT';
    const pageOf = (s: { id: string }) => `${reader.publicUrl}/sessions/${encodeURIComponent(s.id)}`;
    return {
      subject: t.expired.subject(session.title),
      heading: t.expired.heading,
      paragraphs: [
        t.expired.lead(session.title, waitedFor, cause),
        materials.length ? t.expired.materials : t.expired.noMaterials,
        nextSessions.length ? t.expired.next : t.expired.noNext,
      ],
      facts: [
        ...sessionFacts(session, reader, { holdsSeat: false }),
        ...materials.map((m) => ({
          label: t.labels.material,
          value: `${m.title} (${m.module.code}, ${languageName(m.language, t.tag)})`,
          href: safeHref(m.url),
        })),
        ...nextSessions.map((s) => ({
          label: t.labels.nextSession,
          value:
            `${s.title} – ${t.sessionKind[s.kind] ?? s.kind}, ` +
            spanInZone(s.startsAt, s.endsAt, s.timeZone, reader.locale),
          href: pageOf(s),
          lang: dateLang(reader),
        })),
      ],
      actions: nextSessions.length ? [{ label: t.actions.viewSession, url: pageOf(nextSessions[0]) }] : [],
      // The session is in no calendar of theirs: they never held a seat.
    };
  },

  [MailKind.SESSION_RESCHEDULED]: ({ session, previous, enrolmentStatus }, reader) => {
    const t = reader.texts;
    const { labels } = t;
    const confirmed = enrolmentStatus === 'CONFIRMED';
    const status = t.rescheduled.status[enrolmentStatus as keyof MailTexts['rescheduled']['status']];
    const times = [
      ...timeFacts(session, session, reader, { session: labels.newWhen, reader: labels.newWhenForYou }),
      ...timeFacts(previous, session, reader, { session: labels.previousWhen, reader: labels.previousWhenForYou }),
    ];
    return {
      subject: t.rescheduled.subject(session.title),
      heading: t.rescheduled.heading,
      paragraphs: [t.rescheduled.lead(session.title), ...(status ? [status] : [])],
      facts: sessionFacts(session, reader, { holdsSeat: confirmed, times }),
      actions: joinAction(session, reader, confirmed),
      calendar: confirmed ? { method: 'REQUEST', session } : undefined,
    };
  },

  [MailKind.SESSION_CANCELLED]: ({ session, reason, previousStatus }, reader) => {
    const t = reader.texts;
    return {
      subject: t.sessionCancelled.subject(session.title),
      heading: t.sessionCancelled.heading,
      paragraphs: [t.sessionCancelled.lead(session.title)],
      facts: [{ label: t.labels.reason, value: reason }, ...sessionFacts(session, reader, { holdsSeat: false })],
      calendar: cancelIfConfirmed(session, previousStatus),
    };
  },

  [MailKind.MATERIAL_PUBLISHED]: ({ material }, reader) => {
    const t = reader.texts;
    const facts: MailFact[] = [
      { label: t.labels.material, value: material.title },
      { label: t.labels.module, value: `${material.module.code} – ${material.module.title}` },
      { label: t.labels.version, value: String(material.version) },
      { label: t.labels.language, value: languageName(material.language, t.tag) },
    ];
    const content = {
      subject: t.materialPublished.subject(material.title),
      heading: t.materialPublished.heading,
      paragraphs: [t.materialPublished.lead(material.module.code, material.module.title)],
    };
    if (material.file) {
      // A file is downloaded signed in, from the module's materials in the web application: no raw file address.
      const page = `${webPage(reader)}?module=${encodeURIComponent(material.module.code)}`;
      return {
        ...content,
        facts: [
          ...facts,
          { label: t.labels.file, value: `${material.file.name}, ${sizeInWords(material.file.sizeBytes, t)}` },
        ],
        actions: [{ label: t.actions.openModulePage, url: page }],
      };
    }
    const link = safeHref(material.url ?? '');
    return {
      ...content,
      facts: material.url ? [...facts, { label: t.labels.link, value: material.url, href: link }] : facts,
      actions: link ? [{ label: t.actions.openMaterial, url: link }] : [],
    };
  },

  [MailKind.SESSION_REMINDER]: ({ session, offsetMs }, reader) => {
    const t = reader.texts;
    const when = leadTime(offsetMs, t.tag);
    return {
      subject: t.reminder.subject(session.title, when),
      heading: t.reminder.heading(when),
      paragraphs: [t.reminder.lead(session.title, when)],
      // Reminders go to seat holders only.
      facts: sessionFacts(session, reader, { holdsSeat: true }),
      actions: joinAction(session, reader, true),
    };
  },

  [MailKind.ASSESSMENT_INVITATION]: ({ session, modules, dueAt }, reader) => {
    const t = reader.texts;
    return {
      subject: t.assessmentInvitation.subject(session.title),
      heading: t.assessmentInvitation.heading,
      paragraphs: [t.assessmentInvitation.lead(session.title), t.assessment.rules, t.assessment.howTo],
      facts: assessmentFacts(session, modules, dueAt, reader),
      actions: [assessmentAction(session, 'post', reader)],
    };
  },

  [MailKind.ASSESSMENT_REMINDER]: ({ session, modules, dueAt }, reader) => {
    const t = reader.texts;
    const when = leadTime(leadUntil(dueAt, reader.occurredAt), t.tag);
    return {
      subject: t.assessmentReminder.subject(session.title, when),
      heading: t.assessmentReminder.heading(when),
      paragraphs: [t.assessmentReminder.lead(session.title, when), t.assessment.rules, t.assessment.howTo],
      facts: assessmentFacts(session, modules, dueAt, reader),
      actions: [assessmentAction(session, 'post', reader)],
    };
  },

  [MailKind.FOLLOW_UP_SURVEY]: ({ session, completedAt }, reader) => {
    const t = reader.texts;
    return {
      subject: t.followUp.subject(session.title),
      heading: t.followUp.heading,
      paragraphs: [t.followUp.lead(session.title), t.followUp.howTo],
      facts: [
        ...sessionFacts(session, reader, { holdsSeat: false }),
        dateFact(t.labels.completedOn, completedAt, session.timeZone, reader),
      ],
      actions: [assessmentAction(session, 'follow-up', reader)],
    };
  },

  [MailKind.CERTIFICATE_REVOKED]: ({ certificate: c, reason }, reader) => {
    const t = reader.texts;
    const verifyUrl = `${reader.publicUrl}/verify/${encodeURIComponent(c.code)}`;
    return {
      subject: t.certificateRevoked.subject(c.sessionTitle),
      heading: t.certificateRevoked.heading,
      paragraphs: [t.certificateRevoked.lead(c.sessionTitle)],
      facts: [
        { label: t.labels.reason, value: reason },
        { label: t.labels.holder, value: c.holderName },
        { label: t.labels.session, value: c.sessionTitle },
        ...(c.modules.length ? [{ label: t.labels.modules, value: moduleList(c.modules) }] : []),
        dateFact(t.labels.issuedOn, c.issuedAt, c.timeZone, reader),
        dateFact(t.labels.revokedOn, c.revokedAt, c.timeZone, reader),
        { label: t.labels.verificationCode, value: c.code },
        { label: t.labels.verificationLink, value: verifyUrl, href: verifyUrl },
      ],
      notes: [t.certificateRevoked.contact],
    };
  },

  /** The PDF is not made here: the sender attaches it to the composed message. */
  [MailKind.CERTIFICATE_ISSUED]: ({ certificate: c, pdfUrl, verifyUrl }, reader) => {
    const t = reader.texts;
    const pdf = safeHref(pdfUrl);
    const verify = safeHref(verifyUrl);
    return {
      subject: t.certificateIssued.subject(c.session.title),
      heading: t.certificateIssued.heading,
      paragraphs: [t.certificateIssued.lead(c.session.title)],
      facts: [
        { label: t.labels.holder, value: c.holderName },
        { label: t.labels.party, value: `${c.party.name} (${c.party.code})` },
        { label: t.labels.session, value: c.session.title },
        { label: t.labels.format, value: t.sessionKind[c.session.kind] ?? c.session.kind },
        ...(c.modules.length ? [{ label: t.labels.modules, value: moduleList(c.modules) }] : []),
        // As on the certificate: in the session's zone.
        {
          label: t.labels.when,
          value: spanInZone(c.session.startsAt, c.session.endsAt, c.session.timeZone, reader.locale),
          lang: dateLang(reader),
        },
        dateFact(t.labels.issuedOn, c.issuedAt, c.session.timeZone, reader),
        { label: t.labels.verificationCode, value: c.code },
        { label: t.labels.verificationLink, value: verifyUrl, href: verify },
        { label: t.labels.certificatePdf, value: pdfUrl, href: pdf },
      ],
      actions: [
        { label: t.actions.viewCertificate, url: webPage(reader, 'my', 'certificates', c.code) },
        ...(pdf ? [{ label: t.actions.downloadCertificate, url: pdf }] : []),
        ...(verify ? [{ label: t.actions.verifyCertificate, url: verify }] : []),
      ],
      notes: [t.certificateIssued.attached],
    };
  },

  [MailKind.EMAIL_VERIFICATION]: ({ confirmUrl, expiresAt }, reader) => {
    const t = reader.texts;
    const link = safeHref(confirmUrl);
    return {
      subject: t.emailVerification.subject,
      heading: t.emailVerification.heading,
      paragraphs: [t.emailVerification.lead],
      facts: [
        { label: t.emailVerification.validUntil, value: instantForReader(expiresAt, reader), lang: dateLang(reader) },
      ],
      actions: link ? [{ label: t.emailVerification.action, url: link }] : [],
      notes: [t.emailVerification.once, t.emailVerification.afterwards(reader.publicUrl), t.emailVerification.notYou],
    };
  },

  [MailKind.REGISTRATION_ATTEMPT]: ({ attemptedAt }, reader) => {
    const t = reader.texts;
    return {
      subject: t.registrationAttempt.subject,
      heading: t.registrationAttempt.heading,
      paragraphs: [t.registrationAttempt.lead],
      facts: [{ label: t.labels.when, value: instantForReader(attemptedAt, reader), lang: dateLang(reader) }],
      notes: [
        t.registrationAttempt.signIn(reader.publicUrl),
        t.registrationAttempt.forgotten,
        t.registrationAttempt.notYou,
      ],
    };
  },

  [MailKind.PASSWORD_RESET]: ({ resetUrl, expiresAt }, reader) => {
    const t = reader.texts;
    const link = safeHref(resetUrl);
    return {
      subject: t.passwordReset.subject,
      heading: t.passwordReset.heading,
      paragraphs: [t.passwordReset.lead],
      facts: [
        { label: t.passwordReset.validUntil, value: instantForReader(expiresAt, reader), lang: dateLang(reader) },
      ],
      actions: link ? [{ label: t.passwordReset.action, url: link }] : [],
      notes: [t.passwordReset.once, t.passwordReset.notYou],
    };
  },
};

/**
 * Header text on one line: a title typed with a line break must not become a folded or broken Subject. Only line
 * breaks and runs of ASCII spaces are collapsed; the no-break spaces of French typography stay.
 */
function oneLine(text: string): string {
  return text
    .replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * Turns one message's data into a ready e-mail for one recipient: words in their language (EN, FR or ES, else EN),
 * dates in their locale, every time in the session's and in their zone, and for changes to a confirmed seat an
 * iTIP calendar part.
 */
export function composeMail<K extends MailKind>(
  kind: K,
  to: Recipient,
  data: MailData[K],
  ctx: MailContext,
): ComposedMail {
  const writer = WRITERS[kind] as Writer<K> | undefined;
  if (!writer) throw new Error(`unknown mail kind: ${String(kind)}`);
  const date = new Date(ctx.occurredAt);
  if (Number.isNaN(date.getTime())) throw new Error(`occurredAt is not an ISO-8601 instant: ${ctx.occurredAt}`);

  const language = textLanguageOf(to.language);
  const texts = textsFor(language);
  const publicUrl = ctx.publicUrl.replace(/\/+$/, '');
  const reader: Reader = { texts, locale: dateLocaleOf(to.language), to, publicUrl, occurredAt: ctx.occurredAt };
  const content = writer(data, reader);
  const recipient = { name: to.fullName, address: to.email };

  let calendar: ComposedMail['calendar'];
  if (content.calendar) {
    const { method, session } = content.calendar;
    calendar = {
      method,
      content: renderCalendar(method, [
        {
          session,
          status: method === 'REQUEST' ? 'CONFIRMED' : 'CANCELLED',
          stampedAt: ctx.occurredAt,
          organizer: parseMailbox(ctx.from),
          attendee: recipient,
          joinUrl: joinUrlFor(session, method === 'REQUEST'),
          texts,
          publicUrl,
        },
      ]),
    };
  }

  const subject = oneLine(content.subject);
  const body: MailBody = {
    lang: texts.tag,
    colon: texts.colon,
    subject,
    heading: content.heading,
    greeting: texts.greeting(to.fullName || to.email),
    paragraphs: content.paragraphs,
    facts: content.facts,
    codes: content.codes ?? [],
    actions: content.actions ?? [],
    notes: [
      ...(content.notes ?? []),
      ...(calendar ? [calendar.method === 'REQUEST' ? texts.calendar.request : texts.calendar.cancel] : []),
    ],
    footer: { programme: texts.footer.programme, automatic: texts.footer.automatic, url: publicUrl },
  };

  return {
    from: ctx.from,
    to: recipient,
    subject,
    text: renderText(body),
    html: renderHtml(body),
    messageId: ctx.messageId.replace(/^<|>$/g, ''),
    date,
    language,
    headers: {
      'Content-Language': texts.tag,
      'X-LMS-Kind': kind,
      'Auto-Submitted': 'auto-generated',
      // Exchange/Outlook: no out-of-office or auto-replies to a sender nobody reads (bounces still come back).
      'X-Auto-Response-Suppress': 'OOF, AutoReply',
    },
    ...(calendar ? { calendar } : {}),
  };
}
