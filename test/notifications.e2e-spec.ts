import { Language } from '../src/catalogue/catalogue.enums';
import { CANCEL_ENROLMENT, ENDORSE } from './support/enrolment-fixtures';
import { aDelegate, aFocalPoint, aTrainer, aWebinar, aWorkshop, anEnrolment } from './support/factories';
import { eventOf, mailsOf, SmtpSink, workersMailingTo, type ReceivedMail } from './support/smtp-sink';
import { TestApp } from './support/test-app';

const RESCHEDULE = `mutation R($id: ID!, $s: DateTime!, $e: DateTime!) { rescheduleSession(id: $id, startsAt: $s, endsAt: $e) { id } }`;
const CANCEL_SESSION = `mutation X($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id status } }`;
const CREATE_MATERIAL = `mutation C($input: MaterialInput!) { createMaterial(input: $input) { id } }`;
const PUBLISH = `mutation P($id: ID!) { publishMaterial(id: $id) { id status } }`;
const DELIVERIES = `query D($s: MailDeliveryStatus) { mailDeliveries(status: $s, first: 100) { totalCount edges { node { kind status recipientEmail messageId attempts } } } }`;

const PUBLIC_URL = 'https://lms.example.org';

const of = mailsOf;

function expectNoDuplicates(mails: ReceivedMail[]): void {
  const ids = mails.map((m) => m.messageId);
  expect(ids.every((id) => id.length > 0)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('e-mail: outbox → relay → queues → templates → a real SMTP server', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await TestApp.start(workersMailingTo(sink, PUBLIC_URL));
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('tells each delegate once, in their language, with the times in the session’s zone and theirs, across a DST change', async () => {
    const fr = await aDelegate(t, { language: Language.FR, timeZone: 'America/New_York', fullName: 'Aminata Diallo' });
    const es = await aDelegate(t, { language: Language.ES, timeZone: 'America/Lima' });
    const en = await aDelegate(t, { language: Language.EN, timeZone: 'Asia/Tokyo' });
    const ar = await aDelegate(t, { language: Language.AR, timeZone: 'Asia/Riyadh' });
    // 30 March 2027: Zurich is on summer time (since 28 March), New York too (since 14 March).
    const webinar = (
      await aWebinar(t, admin, {
        title: 'NIP <b>update</b> & review',
        startsAt: '2027-03-30T08:00:00Z',
        endsAt: '2027-03-30T10:00:00Z',
        timeZone: 'Europe/Zurich',
        capacity: 3,
      })
    ).id;
    const enrolments: Record<string, string> = {};
    for (const [name, who] of Object.entries({ fr, es, ar, en }))
      enrolments[name] = (await anEnrolment(t, webinar, who)).id;
    let mails = await sink.waitFor((m) => m.length >= 4, 30_000, 'three confirmations and a waitlist notice');
    const uid = `session-${webinar}@lms.example.org`;

    const [toFr] = of(mails, 'ENROLMENT_CONFIRMED', fr.user.email);
    expect(toFr.language?.toLowerCase()).toMatch(/^fr/);
    expect(toFr.subject).toMatch(/Inscription confirmée/);
    expect(toFr.text).toMatch(/10:00/); // Zurich, CEST
    expect(toFr.text).toMatch(/Europe\/Zurich/);
    expect(toFr.text).toMatch(/04:00/); // New York, EDT
    expect(toFr.text).toMatch(/America\/New_York/);
    expect(toFr.html).not.toContain('<b>update</b>');
    expect(toFr.html).toContain('&lt;b&gt;update&lt;/b&gt;');
    expect(toFr.calendarMethod).toBe('REQUEST');
    const invitation = eventOf(toFr);
    expect(invitation.uid).toBe(uid);
    expect(invitation.startDate.toJSDate().toISOString()).toBe('2027-03-30T08:00:00.000Z');
    expect(invitation.endDate.toJSDate().toISOString()).toBe('2027-03-30T10:00:00.000Z');
    const firstSequence = invitation.sequence;

    const [toEs] = of(mails, 'ENROLMENT_CONFIRMED', es.user.email);
    expect(toEs.subject).toMatch(/Inscripción confirmada/);
    expect(toEs.text).toMatch(/\b3:00–5:00 America\/Lima/); // Lima, no summer time
    expect(toEs.text).toMatch(/America\/Lima/);

    const [toAr] = of(mails, 'ENROLMENT_CONFIRMED', ar.user.email);
    expect(toAr.language?.toLowerCase()).toMatch(/^en/); // no Arabic templates: English text ...
    expect(toAr.subject).toMatch(/confirmed/i);
    expect(toAr.text).toMatch(/[\u0600-\u06FF]/); // ... with the dates in Arabic

    const [waitlisted] = of(mails, 'ENROLMENT_WAITLISTED', en.user.email);
    expect(waitlisted.text).toMatch(/\b1\b/);
    expect(waitlisted.text).toMatch(/17:00/); // Tokyo
    expect(waitlisted.calendar).toBeNull();

    // The French delegate cancels: their calendar entry is cancelled and the waitlisted delegate is promoted.
    await t.gql(CANCEL_ENROLMENT, { id: enrolments.fr }, fr.token);
    mails = await sink.waitFor((m) => m.length >= 6, 30_000, 'a cancellation and a promotion');
    const [cancelled] = of(mails, 'ENROLMENT_CANCELLED', fr.user.email);
    expect(cancelled.calendarMethod).toBe('CANCEL');
    expect(eventOf(cancelled).uid).toBe(uid);
    const [promoted] = of(mails, 'ENROLMENT_PROMOTED', en.user.email);
    expect(promoted.calendarMethod).toBe('REQUEST');
    expect(eventOf(promoted).uid).toBe(uid);

    // Moved to 26 March: Zurich still on winter time (UTC+1), New York already on summer time.
    await t.gql(RESCHEDULE, { id: webinar, s: '2027-03-26T09:00:00Z', e: '2027-03-26T11:00:00Z' }, admin);
    mails = await sink.waitFor(
      (m) => of(m, 'SESSION_RESCHEDULED', en.user.email).length > 0 && m.length >= 9,
      30_000,
      'three reschedule notices',
    );
    for (const who of [es, ar, en]) {
      const [moved] = of(mails, 'SESSION_RESCHEDULED', who.user.email);
      expect(moved.calendarMethod).toBe('REQUEST');
      const event = eventOf(moved);
      expect(event.uid).toBe(uid);
      expect(event.sequence).toBe(firstSequence + 1);
      expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-26T09:00:00.000Z');
    }
    const [movedEn] = of(mails, 'SESSION_RESCHEDULED', en.user.email);
    expect(movedEn.text).toMatch(/10:00/); // Zurich, CET
    expect(movedEn.text).toMatch(/18:00/); // Tokyo, new time
    expect(movedEn.text).toMatch(/17:00/); // Tokyo, previous time
    expect(of(mails, 'SESSION_RESCHEDULED', fr.user.email)).toHaveLength(0); // no longer enrolled

    await t.gql(CANCEL_SESSION, { id: webinar, r: 'The organisers are unavailable' }, admin);
    mails = await sink.waitFor((m) => m.length >= 12, 30_000, 'three cancellation notices');
    for (const who of [es, ar, en]) {
      const [gone] = of(mails, 'SESSION_CANCELLED', who.user.email);
      expect(gone.text).toContain('The organisers are unavailable');
      expect(gone.calendarMethod).toBe('CANCEL');
      expect(eventOf(gone).sequence).toBe(firstSequence + 2);
    }

    mails = await sink.settle();
    expect(mails).toHaveLength(12);
    expectNoDuplicates(mails);
    const ledger = (await t.gql(DELIVERIES, { s: 'SENT' }, admin)).data.mailDeliveries;
    expect(ledger.totalCount).toBe(12);
    expect(ledger.edges.map((e: any) => e.node.messageId).sort()).toEqual(mails.map((m) => m.messageId).sort());
  });

  it('asks the focal point to endorse, tells the delegate of a decline, and announces new material to seat holders', async () => {
    sink.clear();
    const focal = await aFocalPoint(t, { partyCode: 'KEN', language: Language.ES });
    const delegate = await aDelegate(t, { partyCode: 'KEN', language: Language.FR });
    const centres = (await t.gql(`{ regionalCentres { id city } }`)).data.regionalCentres;
    const pretoria = centres.find((c: { city: string }) => c.city === 'Pretoria');
    const workshop = (
      await aWorkshop(t, admin, {
        moduleCodes: ['REPORTING'],
        title: 'Reporting workshop',
        hostCentreId: pretoria.id,
        venue: 'CSIR campus',
        startsAt: '2027-05-10T06:00:00Z',
        endsAt: '2027-05-12T14:00:00Z',
        capacity: 10,
        plannedCostUsd: 90000,
      })
    ).id;
    const pending = await anEnrolment(t, workshop, delegate);
    expect(pending.status).toBe('PENDING_ENDORSEMENT');
    let mails = await sink.waitFor((m) => of(m, 'ENDORSEMENT_REQUESTED', focal.user.email).length === 1);
    const [request] = of(mails, 'ENDORSEMENT_REQUESTED', focal.user.email);
    expect(request.language?.toLowerCase()).toMatch(/^es/);
    expect(request.text).toContain(delegate.user.fullName);
    expect(request.text).toContain(pending.id);

    await t.gql(ENDORSE, { id: pending.id, a: false }, focal.token);
    mails = await sink.waitFor((m) => of(m, 'ENROLMENT_DECLINED', delegate.user.email).length === 1);
    const [declined] = of(mails, 'ENROLMENT_DECLINED', delegate.user.email);
    expect(declined.language?.toLowerCase()).toMatch(/^fr/);
    expect(declined.calendar).toBeNull(); // they never held a seat

    // New NIP material goes to delegates holding a seat in a NIP session, and to nobody else.
    const holder = await aDelegate(t, { language: Language.EN });
    const bystander = await aDelegate(t, { language: Language.EN });
    const nipWebinar = (await aWebinar(t, admin, { startsAt: '2027-06-01T12:00:00Z', endsAt: '2027-06-01T14:00:00Z' }))
      .id;
    await anEnrolment(t, nipWebinar, holder);
    const trainer = await aTrainer(t, { modules: ['NIP'] });
    const material = (
      await t.gql(
        CREATE_MATERIAL,
        {
          input: {
            moduleCode: 'NIP',
            title: 'NIP updating guidance 2027',
            language: 'EN',
            url: 'https://materials.example.org/nip-2027.pdf',
          },
        },
        trainer.token,
      )
    ).data.createMaterial.id;
    await t.gql(PUBLISH, { id: material }, trainer.token);
    mails = await sink.waitFor((m) => of(m, 'MATERIAL_PUBLISHED', holder.user.email).length === 1);
    const [announcement] = of(mails, 'MATERIAL_PUBLISHED', holder.user.email);
    expect(announcement.text).toContain('NIP updating guidance 2027');
    expect(announcement.text).toContain('https://materials.example.org/nip-2027.pdf');

    mails = await sink.settle();
    expect(mails.filter((m) => m.to === bystander.user.email)).toHaveLength(0);
    expectNoDuplicates(mails);
    const role = new Map([
      [focal.user.email, 'focal'],
      [delegate.user.email, 'delegate'],
      [holder.user.email, 'holder'],
    ]);
    expect(
      mails
        .filter((m) => role.has(m.to))
        .map((m) => `${m.kind} ${role.get(m.to)}`)
        .sort(),
    ).toEqual([
      'ENDORSEMENT_REQUESTED focal',
      'ENROLMENT_CONFIRMED holder',
      'ENROLMENT_DECLINED delegate',
      'MATERIAL_PUBLISHED holder',
    ]);
  });

  it('serves a personal calendar feed behind a token that can be rotated', async () => {
    const delegate = await aDelegate(t);
    const session = (
      await aWebinar(t, admin, {
        title: 'Feed webinar',
        startsAt: '2027-07-01T12:00:00Z',
        endsAt: '2027-07-01T14:00:00Z',
      })
    ).id;
    await anEnrolment(t, session, delegate);
    expect((await t.gql(`mutation { rotateCalendarToken }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const first = (await t.gql(`mutation { rotateCalendarToken }`, {}, delegate.token)).data
      .rotateCalendarToken as string;
    expect(first).toMatch(new RegExp(`^${PUBLIC_URL}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    const path = (u: string) => new URL(u).pathname;
    const res = await fetch(`${t.url}${path(first)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const { default: ICAL } = await import('ical.js');
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.uid)).toEqual([`session-${session}@lms.example.org`]);
    expect(events[0].summary).toBe('Feed webinar');
    expect(events[0].startDate.toJSDate().toISOString()).toBe('2027-07-01T12:00:00.000Z');

    const second = (await t.gql(`mutation { rotateCalendarToken }`, {}, delegate.token)).data
      .rotateCalendarToken as string;
    expect(second).not.toBe(first);
    expect((await fetch(`${t.url}${path(first)}`)).status).toBe(404);
    expect((await fetch(`${t.url}${path(second)}`)).status).toBe(200);
    expect((await fetch(`${t.url}/calendar/not-a-token.ics`)).status).toBe(404);
  });

  it('shows the queue dashboard to the Secretariat only', async () => {
    const delegate = await aDelegate(t);
    expect((await fetch(`${t.url}/admin/queues`)).status).toBe(401);
    expect(
      (await fetch(`${t.url}/admin/queues`, { headers: { authorization: `Bearer ${delegate.token}` } })).status,
    ).toBe(403);
    expect((await fetch(`${t.url}/admin/queues?token=${delegate.token}`, { redirect: 'manual' })).status).toBe(403);
    const api = await fetch(`${t.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${admin}` } });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['certificates', 'mail', 'outbox', 'reminders']);
    // A browser arrives with ?token= once and continues with the cookie it gets.
    const first = await fetch(`${t.url}/admin/queues?token=${admin}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie')!.split(';')[0];
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/);
    const page = await fetch(`${t.url}/admin/queues`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
  });
});
