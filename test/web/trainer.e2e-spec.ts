import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AuthService } from '../../src/auth/auth.service';
import { Role } from '../../src/auth/role.enum';
import { UsersService } from '../../src/auth/users.service';
import { Language } from '../../src/catalogue/catalogue.enums';
import {
  JOURNEY_TIMEOUT_MS,
  aPerson,
  documentState,
  exactly,
  expectNoSeriousAxeViolations,
  launchChromium,
  screenshot,
  signIn,
  startWebApp,
  tr,
  type Person,
} from '../support/browser';
import { startNow } from '../support/enrolment-fixtures';
import { aDelegate, aTrainer, aWebinar, aWorkshop, anEnrolment } from '../support/factories';
import { SmtpSink } from '../support/smtp-sink';
import { must, type TestApp } from '../support/test-app';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'attendance');
/** The fixtures' webinar: 25 November 2026, 14:00-16:00 in Zurich (as test/attendance-import.e2e-spec.ts has it). */
const STARTS_AT = '2026-11-25T13:00:00Z';
const ENDS_AT = '2026-11-25T15:00:00Z';
const PEOPLE = [
  ['Amina Diallo', 'amina.diallo@example.org'],
  ['Carlos Mendoza', 'carlos.mendoza@example.org'],
  ['Li Wei', 'li.wei@example.org'],
  ['Fatou Ndiaye', 'fatou.ndiaye@example.org'],
  ['Jean Dupont', 'jean.dupont@example.org'],
  ['Olga Petrova', 'olga.petrova@example.org'],
] as const;

const ROSTER = `query R($s: ID!) { sessionEnrolments(sessionId: $s, first: 100) { edges { node { id status delegate { id } } } } }`;
const MATERIALS = `query M { materials(moduleCode: "NIP", first: 100) { edges { node { id title status file { fileName sizeBytes sha256 downloadUrl } } } } }`;
const SESSION = `query S($id: ID!) { session(id: $id) { id status } }`;
const ASSESSMENT = `query A { assessmentFor(kind: PRE, moduleCode: "NIP") { title questions { prompt options correct points } } }`;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A PDF of `size` bytes: a real header, catalogue and page tree, then a stream of random bytes as padding. */
function aPdf(size: number): Buffer {
  const head = Buffer.from(
    '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
      '2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Length LEN >>\nstream\n',
    'latin1',
  );
  const tail = Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
  const padding = randomBytes(size - head.length - tail.length);
  return Buffer.concat([head, padding, tail]);
}

/** The page checked by axe, and at 320 px wide without sideways scrolling. */
async function checkPage(page: Page, where: string): Promise<void> {
  await expectNoSeriousAxeViolations(page, where);
  const before = page.viewportSize()!;
  await page.setViewportSize({ width: 320, height: 640 });
  const state = await documentState(page);
  // The elements that stick out, named, when the page is wider than the screen.
  const wide =
    state.scrollWidth > state.clientWidth
      ? await page.evaluate(`[...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .slice(-5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`)
      : [];
  expect({ where, scroll: state.scrollWidth, wide }).toEqual({ where, scroll: state.clientWidth, wide: [] });
  await page.setViewportSize(before);
}

/** Statuses of a session's enrolments (enrolment id → status) through the API. */
async function statusesOf(t: TestApp, sessionId: string, token: string): Promise<Record<string, string>> {
  const page = must(await t.gql(ROSTER, { s: sessionId }, token), 'sessionEnrolments');
  return Object.fromEntries(page.edges.map((e: any) => [e.node.id, e.node.status]));
}

/** Statuses of the roster table as the page shows them (enrolment id → status). */
const rosterOnPage = (page: Page): Promise<Record<string, string>> =>
  page.evaluate(`Object.fromEntries([...document.querySelectorAll('table.roster tr[data-enrolment]')]
    .map((tr) => [tr.dataset.enrolment, tr.dataset.status]))`);

describe('web: trainers and regional centres (issue #16)', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  let trainer: Awaited<ReturnType<typeof aTrainer>>;
  let trainerPerson: Person;
  const people: Person[] = [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    [t, browser] = await Promise.all([startWebApp(sink), launchChromium()]);
    admin = await t.adminToken();
    trainer = await aTrainer(t, { modules: ['NIP'], fullName: 'Trainer Tessa Marin' });
    trainerPerson = await aPerson(browser, t);
    people.push(trainerPerson);
    await signIn(trainerPerson.page, trainer.user.email);
  }, JOURNEY_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });
  afterEach(async () => {
    // A failed upload test must not leave the trainer's browser offline for the next ones.
    await trainerPerson?.context.setOffline(false);
    for (const p of people) expect(p.pageErrors).toEqual([]);
  });

  it(
    'uploads a 20 MB PDF through a cut connection, publishes it, and a delegate downloads the same bytes and a range',
    async () => {
      const { page, context } = trainerPerson;
      const pdf = aPdf(20_000_000);
      // From a file on disk: the browser reads it itself (a 20 MB buffer through the protocol is slow).
      const pdfPath = join(mkdtempSync(join(tmpdir(), 'trainer-upload-')), 'nip-guidance.pdf');
      writeFileSync(pdfPath, pdf);
      const title = 'NIP guidance (PDF)';
      await page.goto('/trainer/materials');
      await page.getByRole('heading', { level: 1, name: tr('en', 'trainer:materials.title') }).waitFor();
      await checkPage(page, '/trainer/materials');

      // The third chunk (each 4 MiB) leaves at 41.9 %: the connection is cut then, and that request fails with it.
      let patches = 0;
      let patchesSent = 0;
      const countPatches = (r: { method(): string; url(): string }) => {
        if (r.method() === 'PATCH' && r.url().includes('/uploads/')) patchesSent += 1;
      };
      page.on('request', countPatches);
      await page.route('**/uploads/**', async (route) => {
        if (route.request().method() === 'PATCH' && ++patches === 3) {
          await context.setOffline(true);
          await route.abort('internetdisconnected');
          // Nothing more is intercepted: the retries go to the server as they would.
          void page.unroute('**/uploads/**');
          return;
        }
        await route.continue();
      });
      await page.evaluate(`window.__progress = []; setInterval(() => {
        const p = document.querySelector('progress.trainer-progress');
        if (p) window.__progress.push(p.value);
      }, 10)`);

      await page.getByLabel(tr('en', 'trainer:materials.form.title'), { exact: true }).fill(title);
      await page.getByLabel(tr('en', 'trainer:materials.form.file')).setInputFiles(pdfPath);
      await page.getByRole('button', { name: tr('en', 'trainer:materials.form.create') }).click();

      // Cut: the page says it is resuming (or waiting for the connection), having kept what the server has.
      await page.locator('.upload-progress[data-phase="resuming"], .upload-progress[data-phase="offline"]').waitFor();
      const sentBeforeCut = Number(await page.locator('progress.trainer-progress').getAttribute('value'));
      expect(sentBeforeCut / pdf.length).toBeGreaterThan(0.4);
      const samplesAtCut = Number(await page.evaluate('window.__progress.length'));
      await context.setOffline(false);

      await page.getByText(tr('en', 'trainer:materials.upload.done', { size: '20 MB' })).waitFor({ timeout: 120_000 });
      page.off('request', countPatches);
      // 5 chunks of 4 MiB at most, the cut one sent again.
      expect(patchesSent).toBeGreaterThan(5);
      // Resumed, not restarted: after the cut the progress never went back below what was sent before it.
      const after = ((await page.evaluate('window.__progress')) as number[]).slice(samplesAtCut);
      expect(Math.min(...after)).toBeGreaterThanOrEqual(sentBeforeCut);

      // The card shows the file with its size in words beside the link; publish it.
      const card = page.getByRole('article', { name: title });
      await card
        .getByRole('link', { name: tr('en', 'trainer:materials.download', { name: 'nip-guidance.pdf' }) })
        .waitFor();
      await card.getByText('(20 MB)').waitFor();
      await screenshot(page, 'trainer-materials-en');
      await card.getByRole('button', { name: new RegExp(`^${tr('en', 'trainer:materials.publish')}`) }).click();
      await card.getByText(tr('en', 'status.PUBLISHED'), { exact: true }).waitFor();
      await checkPage(page, '/trainer/materials (published file)');
      // A PDF also opens in the browser: the same link with inline=1, answered inline.
      const inline = await card
        .getByRole('link', { name: new RegExp(`^${tr('en', 'trainer:materials.open')}`) })
        .first()
        .getAttribute('href');
      expect(inline).toMatch(/[?&]inline=1$/);
      const shown = await context.request.get(new URL(inline!, t.url).toString(), { headers: { Range: 'bytes=0-7' } });
      expect(shown.headers()['content-disposition']).toMatch(/^inline/);
      expect((await shown.body()).toString('latin1')).toBe('%PDF-1.7');

      // A delegate, in a browser of their own, downloads it with their own link: the same bytes, and a range.
      const delegate = await aDelegate(t);
      const reader = await aPerson(browser, t);
      people.push(reader);
      const materials = must(await t.gql(MATERIALS, {}, delegate.token), 'materials');
      const published = materials.edges.map((e: any) => e.node).find((m: any) => m.title === title);
      expect(published).toMatchObject({
        status: 'PUBLISHED',
        file: { fileName: 'nip-guidance.pdf', sizeBytes: pdf.length, sha256: sha256(pdf) },
      });
      const url = new URL(published.file.downloadUrl, t.url).toString();
      const whole = await reader.context.request.get(url);
      expect(whole.status()).toBe(200);
      const body = await whole.body();
      expect(body.length).toBe(pdf.length);
      expect(sha256(body)).toBe(sha256(pdf));
      const slice = await reader.context.request.get(url, { headers: { Range: 'bytes=1000-1999' } });
      expect(slice.status()).toBe(206);
      expect(slice.headers()['content-range']).toBe(`bytes 1000-1999/${pdf.length}`);
      expect(Buffer.compare(await slice.body(), pdf.subarray(1000, 2000))).toBe(0);

      // And as a delegate finds it: signed in, on a NIP session's page, the file's name and size beside its title;
      // the link downloads the same bytes under the original name.
      const nipWebinar = await aWebinar(t, await t.adminToken(), { moduleCode: 'NIP' });
      await signIn(reader.page, delegate.user.email);
      await reader.page.goto(`/sessions/${nipWebinar.id}`);
      const link = reader.page.getByRole('link', { name: title });
      await link.waitFor();
      await reader.page.getByText('nip-guidance.pdf, 20 MB').waitFor();
      const [download] = await Promise.all([reader.page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('nip-guidance.pdf');
      expect(sha256(readFileSync((await download.path())!))).toBe(sha256(pdf));
      await reader.context.close();
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'says in words why an empty draft cannot be published and why a file of another type is refused',
    async () => {
      const { page } = trainerPerson;
      const title = 'NIP checklist (empty draft)';
      await page.goto('/trainer/materials');
      await page.getByLabel(tr('en', 'trainer:materials.form.title'), { exact: true }).fill(title);
      await page.getByRole('button', { name: tr('en', 'trainer:materials.form.create') }).click();
      const card = page.getByRole('article', { name: title });
      await card.getByText(tr('en', 'trainer:materials.noContent')).waitFor();

      await card.getByRole('button', { name: new RegExp(`^${tr('en', 'trainer:materials.publish')}`) }).click();
      await card.getByText(tr('en', 'trainer:materials.refused.MATERIAL_EMPTY')).waitFor();

      // An executable named .pdf: the type is read from the bytes, and the page names it.
      const elfPath = join(mkdtempSync(join(tmpdir(), 'trainer-upload-')), 'checklist.pdf');
      writeFileSync(elfPath, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(4096)]));
      await card.getByLabel(tr('en', 'trainer:materials.upload.file', { version: 1 })).setInputFiles(elfPath);
      await card.getByRole('button', { name: tr('en', 'trainer:materials.upload.start') }).click();
      const alert = card.getByRole('alert').filter({ hasText: tr('en', 'trainer:materials.upload.refusedType') });
      await alert.waitFor();
      await expect(alert.textContent()).resolves.toMatch(/elf/i);
      const materials = must(await t.gql(MATERIALS, {}, trainer.token), 'materials');
      expect(materials.edges.find((e: any) => e.node.title === title).node).toMatchObject({
        status: 'DRAFT',
        file: null,
      });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'imports a Zoom, a Teams and a Webex report: previewed, applied, and the roster then equals the preview',
    async () => {
      const { page } = trainerPerson;
      const users = t.app.get(UsersService);
      const auth = t.app.get(AuthService);
      const delegates: { user: { id: string }; token: string }[] = [];
      for (const [fullName, email] of PEOPLE) {
        const user = await users.create({
          email,
          password: 'correct horse battery',
          fullName,
          roles: [Role.DELEGATE],
          partyCode: 'SEN',
          regionalCentreId: null,
          gender: null,
          language: Language.EN,
          timeZone: 'Africa/Dakar',
        });
        delegates.push({ user, token: await auth.issueToken(user) });
      }
      const reports = [
        ['zoom-participants.csv', 'ZOOM'],
        ['teams-attendance-report.csv', 'TEAMS'],
        ['webex-attendees.csv', 'WEBEX'],
      ] as const;
      for (const [file, format] of reports) {
        const webinar = await aWebinar(t, admin, {
          title: `NIP webinar (${format})`,
          trainerIds: [trainer.user.id],
          timeZone: 'Europe/Zurich',
        });
        for (const d of delegates) await anEnrolment(t, webinar.id, d);
        await t.db.query(`UPDATE training_session SET starts_at = $2, ends_at = $3 WHERE id = $1`, [
          webinar.id,
          STARTS_AT,
          ENDS_AT,
        ]);
        const before = await statusesOf(t, webinar.id, trainer.token);

        // From My sessions to the roster.
        await page.goto('/trainer');
        const card = page.getByRole('article', { name: webinar.title });
        await card.getByText(tr('en', 'status.IN_PROGRESS'), { exact: true }).waitFor();
        if (format === 'ZOOM') {
          await checkPage(page, '/trainer');
          await screenshot(page, 'trainer-sessions-en');
        }
        await card.getByRole('link', { name: `${tr('en', 'trainer:sessions.roster')} — ${webinar.title}` }).click();
        await page
          .getByRole('heading', { level: 1, name: tr('en', 'trainer:roster.pageTitle', { title: webinar.title }) })
          .waitFor();
        await page.locator('table.roster tr[data-enrolment]').first().waitFor();

        await page.getByLabel(tr('en', 'trainer:import.file')).setInputFiles(join(FIXTURES, file));
        await page.getByRole('button', { name: tr('en', 'trainer:import.preview'), exact: true }).click();
        const preview = page.getByTestId('report-preview');
        await preview.waitFor();
        await preview
          .getByText(tr('en', `trainer:import.format.${format}`), { exact: false })
          .first()
          .waitFor();
        const previewed: Record<string, string> = await page.evaluate(`Object.fromEntries(
          [...document.querySelectorAll('[data-testid=report-preview] [data-enrolment]')]
            .map((tr) => [tr.dataset.enrolment, tr.dataset.newStatus]))`);
        expect(Object.keys(previewed).length).toBeGreaterThan(0);
        expect(Object.values(previewed)).toContain('ATTENDED');
        // Nothing is recorded by a preview.
        expect(await statusesOf(t, webinar.id, trainer.token)).toEqual(before);
        if (format === 'ZOOM') {
          await checkPage(page, '/trainer/sessions/{id} (preview)');
          await screenshot(page, 'trainer-roster-preview-en');
        }

        const changing = Object.entries(previewed).filter(([id, status]) => before[id] !== status).length;
        await page.getByRole('button', { name: tr('en', 'trainer:import.apply') }).click();
        const answer = page.locator('.notice--success, [role=alert]').first();
        await answer.waitFor();
        expect(await answer.textContent()).toBe(tr('en', 'trainer:import.applied', { count: changing }));

        // The roster, read again, shows the preview's statuses; the others are as they were. The API agrees.
        const expected = { ...before, ...previewed };
        for (const [id, status] of Object.entries(expected)) {
          await page.locator(`table.roster tr[data-enrolment="${id}"][data-status="${status}"]`).waitFor();
        }
        expect(await rosterOnPage(page)).toEqual(expected);
        expect(await statusesOf(t, webinar.id, trainer.token)).toEqual(expected);
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'lets regional-centre staff (in French) take attendance and complete a workshop their centre hosts',
    async () => {
      const [pretoria] = await t.db.query(`SELECT id FROM regional_centre WHERE city = 'Pretoria'`);
      const centre = await t.user([Role.REGIONAL_CENTRE], {
        regionalCentreId: pretoria.id,
        language: Language.FR,
        fullName: 'Thandi Mokoena',
      });
      const title = 'Atelier régional PNM, Pretoria';
      const workshop = await aWorkshop(t, admin, { title, hostCentreId: pretoria.id });
      const awa = await aDelegate(t, { fullName: 'Awa Sarr' });
      const moussa = await aDelegate(t, { fullName: 'Moussa Fall' });
      const awaEnrolment = await anEnrolment(t, workshop.id, awa, { by: admin });
      const moussaEnrolment = await anEnrolment(t, workshop.id, moussa, { by: admin });
      expect([awaEnrolment.status, moussaEnrolment.status]).toEqual(['CONFIRMED', 'CONFIRMED']);
      await startNow(t.db, workshop.id);

      const staff = await aPerson(browser, t, { locale: 'fr-FR', timezoneId: 'Africa/Johannesburg' });
      people.push(staff);
      const { page } = staff;
      await signIn(page, centre.user.email, { lng: 'fr' });
      await page.getByRole('link', { name: tr('fr', 'nav.teaching') }).click();
      await page.getByRole('heading', { level: 1, name: tr('fr', 'trainer:sessions.title') }).waitFor();
      const card = page.getByRole('article', { name: title });
      await card.waitFor();
      // Centre staff write no materials or assessments: no links to them.
      await expect(page.getByRole('link', { name: tr('fr', 'trainer:nav.materials') }).count()).resolves.toBe(0);
      await checkPage(page, '/trainer (fr, centre)');
      await screenshot(page, 'trainer-sessions-fr');

      await card.getByRole('link', { name: `${tr('fr', 'trainer:sessions.roster')} — ${title}` }).click();
      await page.getByRole('heading', { level: 1, name: tr('fr', 'trainer:roster.pageTitle', { title }) }).waitFor();
      await page.getByLabel(tr('fr', 'trainer:roster.presentLabel', { name: 'Awa Sarr' })).check();
      await page.getByRole('button', { name: tr('fr', 'trainer:roster.save', { count: 1 }) }).click();
      await page.getByText(tr('fr', 'trainer:roster.markedPresent', { name: 'Awa Sarr' })).waitFor();
      await page.locator(`table.roster tr[data-enrolment="${awaEnrolment.id}"][data-status="ATTENDED"]`).waitFor();
      await checkPage(page, '/trainer/sessions/{id} (fr, centre)');

      await page.getByRole('button', { name: tr('fr', 'trainer:complete.start') }).click();
      await page
        .getByText(tr('fr', 'trainer:complete.unmarked', { count: 1, status: tr('fr', 'status.NO_SHOW') }))
        .waitFor();
      await checkPage(page, '/trainer/sessions/{id} (fr, confirmation)');
      await page.getByRole('button', { name: tr('fr', 'trainer:complete.confirm') }).click();
      await page.getByText(tr('fr', 'trainer:complete.done')).waitFor();
      await page.locator(`table.roster tr[data-enrolment="${moussaEnrolment.id}"][data-status="NO_SHOW"]`).waitFor();

      expect(must(await t.gql(SESSION, { id: workshop.id }, admin), 'session').status).toBe('COMPLETED');
      expect(await statusesOf(t, workshop.id, centre.token)).toEqual({
        [awaEnrolment.id]: 'ATTENDED',
        [moussaEnrolment.id]: 'NO_SHOW',
      });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'writes a pre-course test with the editor, previews it as a delegate sees it and saves it as a new version',
    async () => {
      const { page } = trainerPerson;
      await page.goto('/trainer/assessments');
      await page.getByRole('heading', { level: 1, name: tr('en', 'trainer:assessments.title') }).waitFor();
      const pre = page.getByRole('article', { name: tr('en', 'kind.PRE'), exact: true });
      await pre.getByText(tr('en', 'trainer:assessments.none')).waitFor();
      await checkPage(page, '/trainer/assessments');
      await pre.getByRole('button', { name: new RegExp(`^${tr('en', 'trainer:assessments.create')}`) }).click();

      await pre.getByLabel(tr('en', 'trainer:assessments.editor.title'), { exact: true }).fill('What you know of NIPs');
      // Saving with empty fields says what to correct, and sends nothing.
      await pre.getByRole('button', { name: tr('en', 'trainer:assessments.editor.save') }).click();
      await pre.getByText(tr('en', 'trainer:assessments.editor.promptMissing')).waitFor();
      expect((await t.gql(ASSESSMENT, {}, trainer.token)).data?.assessmentFor).toBeNull();

      await pre.getByLabel(tr('en', 'trainer:assessments.editor.prompt'), { exact: true }).fill('Who adopts a NIP?');
      await pre
        .getByLabel(tr('en', 'trainer:assessments.editor.option', { number: 1 }), { exact: true })
        .fill('The Party');
      await pre
        .getByLabel(tr('en', 'trainer:assessments.editor.option', { number: 2 }), { exact: true })
        .fill('The Secretariat');
      await pre.getByLabel(tr('en', 'trainer:assessments.editor.correct', { number: 1 })).check();
      await pre.getByLabel(tr('en', 'trainer:assessments.editor.points'), { exact: true }).fill('2');
      await pre.getByRole('button', { name: tr('en', 'trainer:assessments.editor.preview') }).click();
      const preview = pre.getByTestId('delegate-preview');
      await preview
        .getByRole('group', {
          name: exactly(`${tr('en', 'assessment:questionNumber', { number: 1 })} Who adopts a NIP?`),
        })
        .getByRole('radio', { name: 'The Party' })
        .waitFor();
      // The preview shows no answer key: nothing is chosen.
      expect(await preview.getByRole('radio', { checked: true }).count()).toBe(0);
      await checkPage(page, '/trainer/assessments (editor and preview)');
      await screenshot(page, 'trainer-assessment-editor-en');

      await pre.getByRole('button', { name: tr('en', 'trainer:assessments.editor.save') }).click();
      await pre.getByText(tr('en', 'trainer:assessments.saved')).waitFor();
      expect(must(await t.gql(ASSESSMENT, {}, trainer.token), 'assessmentFor')).toEqual({
        title: 'What you know of NIPs',
        questions: [
          { prompt: 'Who adopts a NIP?', options: ['The Party', 'The Secretariat'], correct: [0], points: 2 },
        ],
      });
    },
    JOURNEY_TIMEOUT_MS,
  );
});
