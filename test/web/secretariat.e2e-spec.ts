import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
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
import { ATTEND, COMPLETE } from '../support/assessment-fixtures';
import { inDays, startNow } from '../support/enrolment-fixtures';
import { aDelegate, aWebinar, anEnrolment } from '../support/factories';
import { SmtpSink } from '../support/smtp-sink';
import { must, type TestApp } from '../support/test-app';

const ADMIN = { email: 'admin@test.example.org', password: 'admin-password-123' };

const FIGURES = `query F($g: [StatsDimension!]!, $r: UnRegion, $m: String, $p: String, $from: DateTime, $to: DateTime) {
  completionStats(groupBy: $g, region: $r, moduleCode: $m, partyCode: $p, from: $from, to: $to) {
    key { region gender partyCode moduleCode } enrolled confirmed attended completed certified
  }
  capacityOutcomes(groupBy: $g, region: $r, moduleCode: $m, partyCode: $p, from: $from, to: $to) {
    key { region gender partyCode moduleCode } capacityIndex normalizedGain certificationRate applicationRate confirmed
  }
}`;
const BUDGET = `{ programmeBudget { fundsToRaiseUsd cofundingPledgedUsd pledges { donor amountUsd } } }`;
const CENTRES = `{ regionalCentres { id name city country { name region } } }`;
const SESSION = `query S($id: ID!) { session(id: $id) { id title timeZone startsAt endsAt status ... on Workshop { region venue capacity fundedSeatsPerParty plannedCostUsd hostCentre { id } modules { code } prerequisiteModules { code } } } }`;
const SESSION_STATUS = `query S($id: ID!) { session(id: $id) { status cancelReason } }`;
const DELIVERIES = `query D($e: String) { mailDeliveries(recipientEmail: $e) { edges { node { id status } } } }`;
const USERS = `query U($p: String) { users(partyCode: $p, first: 100) { edges { node { id email disabledAt } } } }`;
const LOGIN = `mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;

type Row = Record<string, unknown> & { key: Record<string, string | null> };

/** The rows of a dashboard table as the page shows them: the header cell, then each figure. */
const tableCells = (testId: string) =>
  `[...document.querySelectorAll('[data-testid="${testId}"] tbody tr')].map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent.trim()))`;

/**
 * Waits until the table shows each expected row (the figures arrive after the filters change: a row's accessible name
 * is its cells' text), then compares the whole table, so that no other row is there.
 */
async function expectTable(page: Page, testId: string, expected: string[][]): Promise<void> {
  for (const row of expected) {
    await page
      .getByTestId(testId)
      .getByRole('row', { name: exactly(row.join(' ')) })
      .waitFor();
  }
  expect(await page.evaluate(tableCells(testId))).toEqual(expected);
}

/**
 * The Secretariat's pages in a real browser against the real platform: a workshop scheduled through the form (a time
 * zone picked from the list, a host centre of the chosen region) appears in the catalogue with the right instant; the
 * dashboard's tables equal completionStats and capacityOutcomes for two sets of filters, its charts draw under the
 * app's CSP, its exports download (CSV and Excel, a figure checked); a pledge lowers "still to raise"; an e-mail the
 * SMTP server refused is retried and sent; an account is created and disabled. axe, 320 px and screenshots on each.
 */
describe('web: the Secretariat runs the programme', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let browser: Browser;
  let admin: string;
  let sec: Person;
  const people: Person[] = [];
  const person = async (opts: Parameters<typeof aPerson>[2] = {}) => {
    const p = await aPerson(browser, t, opts);
    // Any CSP refusal in the page (an inline style the chart library might set by attribute, say) is counted.
    await p.context.addInitScript(
      `window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));`,
    );
    people.push(p);
    return p;
  };
  const cspViolations = (page: Page) => page.evaluate('window.__csp') as Promise<string[]>;
  const fitsPhone = async (page: Page, where: string) => {
    const before = page.viewportSize()!;
    await page.setViewportSize({ width: 320, height: 640 });
    const state = await documentState(page);
    expect({ where, overflow: state.scrollWidth > state.clientWidth }).toEqual({ where, overflow: false });
    await page.setViewportSize(before);
  };
  const heading = (page: Page, key: string, lng = 'en') =>
    page.getByRole('heading', { level: 1, name: tr(lng, `secretariat:${key}`) }).waitFor();

  beforeAll(async () => {
    sink = await SmtpSink.start();
    [t, browser] = await Promise.all([startWebApp(sink), launchChromium()]);
    admin = await t.adminToken();

    // A webinar that ran: five delegates of two regions enrolled, three present, the session completed.
    const ran = await aWebinar(t, admin, { title: 'NIP webinar that ran', capacity: 30 });
    const delegates = [
      await aDelegate(t, { partyCode: 'SEN', gender: 'female', fullName: 'Awa Ndiaye' }),
      await aDelegate(t, { partyCode: 'SEN', gender: 'male', fullName: 'Moussa Ba' }),
      await aDelegate(t, { partyCode: 'SEN', fullName: 'Binta Diop' }),
      await aDelegate(t, { partyCode: 'BRA', gender: 'female', fullName: 'Ana Souza' }),
      await aDelegate(t, { partyCode: 'IND', gender: 'male', fullName: 'Ravi Kumar' }),
    ];
    for (const d of delegates) await anEnrolment(t, ran.id, d);
    await startNow(t.db, ran.id);
    const present = [delegates[0], delegates[1], delegates[3]].map((d) => d.user.id);
    must(await t.gql(ATTEND, { s: ran.id, d: present, a: true }, admin), 'recordAttendance');
    must(await t.gql(COMPLETE, { id: ran.id }, admin), 'completeSession');
    // A REPORTING webinar ahead, two enrolments (outside the second filter set's dates and module).
    const ahead = await aWebinar(t, admin, { title: 'Reporting webinar', moduleCode: 'REPORTING' });
    await anEnrolment(t, ahead.id, delegates[2]);
    await anEnrolment(t, ahead.id, delegates[4]);

    sec = await person({ timezoneId: 'Europe/Zurich' });
    await signIn(sec.page, ADMIN.email, { password: ADMIN.password });
  }, JOURNEY_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });
  afterEach(async () => {
    for (const p of people) {
      expect(p.pageErrors).toEqual([]);
      expect(await cspViolations(p.page)).toEqual([]);
    }
  });

  it('keeps the chart library out of the first load: only the dashboard chunk holds Chart.js', async () => {
    const dist = resolve('web/dist');
    const html = await readFile(join(dist, 'index.html'), 'utf8');
    const firstLoad = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(firstLoad.length).toBeGreaterThan(1);
    // Chart.js's own error message, in every build of it.
    const signature = 'Canvas is already in use';
    for (const file of firstLoad)
      expect({ file, chart: (await readFile(join(dist, file), 'utf8')).includes(signature) }).toEqual({
        file,
        chart: false,
      });
    const holders = [];
    for (const file of await readdir(join(dist, 'assets'))) {
      if (file.endsWith('.js') && (await readFile(join(dist, 'assets', file), 'utf8')).includes(signature))
        holders.push(file);
    }
    expect(holders).toEqual([expect.stringMatching(/^DashboardPage-[\w-]+\.js$/)]);
  });

  it(
    'reaches every page from the landing page',
    async () => {
      const { page } = sec;
      await page
        .getByRole('navigation', { name: tr('en', 'nav.label') })
        .getByRole('link', { name: tr('en', 'nav.secretariat') })
        .click();
      await heading(page, 'title');
      await expectNoSeriousAxeViolations(page, '/secretariat');
      await fitsPhone(page, '/secretariat');
      for (const p of ['dashboard', 'budget', 'sessions', 'accounts', 'mail']) {
        await page
          .getByRole('link', { name: exactly(tr('en', `secretariat:nav.${p}`)) })
          .first()
          .click();
        await page.waitForURL(`**/secretariat/${p}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.goBack();
        await heading(page, 'title');
      }
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'schedules a workshop through the form, in a chosen time zone with a host centre, and it appears in the catalogue',
    async () => {
      const { page } = sec;
      const [centre] = must(await t.gql(CENTRES, {}, admin), 'regionalCentres');
      const region: string = centre.country.region;
      await page.goto('/secretariat/sessions');
      await heading(page, 'sessions.title');
      const form = page.getByRole('form', { name: tr('en', 'secretariat:sessions.scheduleTitle') });
      await form.getByRole('radio', { name: tr('en', 'secretariat:sessions.kindName.WORKSHOP') }).check();
      const title = 'Regional workshop on national implementation plans';
      await form.getByLabel(tr('en', 'secretariat:sessions.sessionTitle')).fill(title);
      await form
        .getByRole('group', { name: tr('en', 'secretariat:sessions.modules') })
        .getByRole('checkbox', { name: /^NIP — / })
        .check();
      await form
        .getByRole('group', { name: tr('en', 'secretariat:sessions.prerequisites') })
        .getByRole('checkbox', { name: /^REPORTING — / })
        .check();
      await form.getByLabel(tr('en', 'secretariat:sessions.language')).selectOption('FR');
      // The time zone is searched for in the list of the browser's zones (Nairobi: UTC+3, no summer time).
      const zone = form.getByLabel(tr('en', 'secretariat:sessions.timeZone'));
      await zone.fill('Africa/Nai');
      expect(
        await page.evaluate(
          `[...document.getElementById(document.querySelector('input[list]').getAttribute('list')).options].some((o) => o.value === 'Africa/Nairobi')`,
        ),
      ).toBe(true);
      await zone.fill('Africa/Nairobi');
      const day = inDays(60).slice(0, 10);
      const lastDay = inDays(62).slice(0, 10);
      await form.getByLabel(tr('en', 'secretariat:sessions.start')).fill(`${day}T09:00`);
      await form.getByLabel(tr('en', 'secretariat:sessions.end')).fill(`${lastDay}T17:00`);
      await form.getByLabel(tr('en', 'secretariat:sessions.region'), { exact: true }).selectOption(region);
      // The host centres offered are those of the chosen region.
      const hostCentre = form.getByLabel(tr('en', 'secretariat:sessions.hostCentre'));
      await hostCentre.selectOption({ label: `${centre.name} (${centre.city}, ${centre.country.name})` });
      await form.getByLabel(tr('en', 'secretariat:sessions.venue')).fill('Conference centre');
      await form.getByLabel(tr('en', 'secretariat:sessions.capacity')).fill('24');
      await form.getByLabel(tr('en', 'secretariat:sessions.fundedSeats')).fill('2');
      await form.getByLabel(tr('en', 'secretariat:sessions.plannedCost')).fill('85000');
      await expectNoSeriousAxeViolations(page, '/secretariat/sessions (form filled)');
      await screenshot(page, 'secretariat-sessions-en');
      await form.getByRole('button', { name: tr('en', 'secretariat:sessions.scheduleWorkshop') }).click();
      const link = form.getByRole('link', { name: title });
      await link.waitFor();
      const id = (await link.getAttribute('href'))!.split('/').pop()!;
      const session = must(await t.gql(SESSION, { id }, admin), 'session');
      expect(session).toMatchObject({
        title,
        timeZone: 'Africa/Nairobi',
        startsAt: `${day}T06:00:00.000Z`,
        endsAt: `${lastDay}T14:00:00.000Z`,
        region,
        venue: 'Conference centre',
        capacity: 24,
        fundedSeatsPerParty: 2,
        plannedCostUsd: 85000,
        hostCentre: { id: centre.id },
        modules: [{ code: 'NIP' }],
        prerequisiteModules: [{ code: 'REPORTING' }],
      });
      // In the catalogue, as delegates see it.
      await page.goto('/');
      await page.getByRole('link', { name: title }).waitFor();

      // A capacity below the seats taken is refused in a sentence.
      await page.goto('/secretariat/sessions');
      const reporting = page.getByRole('article', { name: 'Reporting webinar' });
      await reporting.getByText(tr('en', 'secretariat:sessions.changeCapacity')).click();
      await reporting.getByLabel(tr('en', 'secretariat:sessions.capacity')).fill('1');
      await reporting.getByRole('button', { name: tr('en', 'secretariat:sessions.saveCapacity') }).click();
      await reporting.getByText(tr('en', 'errors:reason.CAPACITY_BELOW_SEATS_TAKEN')).waitFor();
      await expectNoSeriousAxeViolations(page, '/secretariat/sessions (capacity refused)');

      // Cancelling asks for a reason first.
      const created = page.getByRole('article', { name: title });
      await created.getByText(tr('en', 'secretariat:sessions.cancel'), { exact: true }).click();
      const confirmCancel = created.getByRole('button', { name: tr('en', 'secretariat:sessions.confirmCancel') });
      expect(await confirmCancel.isDisabled()).toBe(true);
      await created
        .getByLabel(tr('en', 'secretariat:sessions.cancelReason'))
        .fill('The host centre is closed that week');
      await confirmCancel.click();
      await page.getByText(tr('en', 'secretariat:sessions.cancelled', { title })).waitFor();
      expect(must(await t.gql(SESSION_STATUS, { id }, admin), 'session')).toEqual({
        status: 'CANCELLED',
        cancelReason: 'The host centre is closed that week',
      });
      await fitsPhone(page, '/secretariat/sessions');
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'shows dashboard figures equal to completionStats and capacityOutcomes for two sets of filters, and exports them',
    async () => {
      const { page } = sec;
      const number = new Intl.NumberFormat('en');
      const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
      const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
      const rate = (v: unknown) => (v == null ? tr('en', 'secretariat:dashboard.noData') : percent.format(v as number));
      const label = (key: Row['key'], last: boolean) =>
        last
          ? tr('en', 'secretariat:dashboard.total')
          : key.region
            ? tr('en', `secretariat:region.${key.region}`)
            : key.gender
              ? tr('en', `secretariat:gender.${key.gender}`)
              : String(key.partyCode ?? key.moduleCode);
      const expectFigures = async (variables: Record<string, unknown>) => {
        const answer = await t.gql(FIGURES, variables, admin);
        const funnel: Row[] = must(answer, 'completionStats');
        const capacity: Row[] = must(answer, 'capacityOutcomes');
        expect(funnel.length).toBeGreaterThan(1);
        await expectTable(
          page,
          'funnel',
          funnel.map((r, i) => [
            label(r.key, i === funnel.length - 1),
            ...['enrolled', 'confirmed', 'attended', 'completed', 'certified'].map((k) =>
              number.format(r[k] as number),
            ),
          ]),
        );
        await expectTable(
          page,
          'capacity',
          capacity.map((r, i) => [
            label(r.key, i === capacity.length - 1),
            r.capacityIndex == null
              ? tr('en', 'secretariat:dashboard.noData')
              : decimal.format(r.capacityIndex as number),
            rate(r.normalizedGain),
            rate(r.certificationRate),
            rate(r.applicationRate),
          ]),
        );
        return { funnel, capacity };
      };

      // First set: by region, every Party, chosen with the pickers (and kept in the address).
      await page.goto('/secretariat/dashboard');
      await heading(page, 'dashboard.title');
      await page.getByLabel(tr('en', 'secretariat:dashboard.groupBy')).selectOption('REGION');
      await page.waitForURL(/groupBy=REGION/);
      const first = await expectFigures({ g: ['REGION'] });
      expect(first.funnel.at(-1)).toMatchObject({ enrolled: 7, confirmed: 7, attended: 3 });

      // The charts drew on their canvases under the app's CSP (no inline style refused; checked after each test).
      const drawn = await page.evaluate(
        `[...document.querySelectorAll('.sec-chart canvas')].map((c) => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })`,
      );
      expect(drawn).toHaveLength(2);
      expect((drawn as number[]).every((n) => n > 500)).toBe(true);
      expect(await cspViolations(page)).toEqual([]);
      await expectNoSeriousAxeViolations(page, '/secretariat/dashboard?groupBy=REGION');
      await fitsPhone(page, '/secretariat/dashboard');
      await screenshot(page, 'secretariat-dashboard-en');

      // Second set: by gender, NIP only, Senegal, sessions starting yesterday to tomorrow (UTC days), from the address.
      const from = inDays(-1).slice(0, 10);
      const to = inDays(1).slice(0, 10);
      await page.goto(`/secretariat/dashboard?groupBy=GENDER&module=NIP&party=SEN&from=${from}&to=${to}`);
      await heading(page, 'dashboard.title');
      const toExclusive = new Date(`${to}T00:00:00.000Z`);
      toExclusive.setUTCDate(toExclusive.getUTCDate() + 1);
      const second = await expectFigures({
        g: ['GENDER'],
        m: 'NIP',
        p: 'SEN',
        from: `${from}T00:00:00.000Z`,
        to: toExclusive.toISOString(),
      });
      expect(second.funnel.at(-1)).toMatchObject({ enrolled: 3, attended: 2 });
      // The pickers show the filters the address gave.
      expect(await page.getByLabel(tr('en', 'secretariat:dashboard.party')).inputValue()).toBe('SEN');
      expect(await page.getByLabel(tr('en', 'secretariat:dashboard.module')).inputValue()).toBe('NIP');
      expect(await page.getByLabel(tr('en', 'secretariat:dashboard.from')).inputValue()).toBe(from);

      // The exports hold what is on screen: the same grouping and filters.
      const save = async (name: string) => {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: tr('en', `secretariat:dashboard.export.${name}`) }).click(),
        ]);
        return { file: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
      };
      const csv = await save('completion-stats.csv');
      expect(csv.file).toMatch(/^completion-stats-\d{4}-\d{2}-\d{2}\.csv$/);
      const records: string[][] = parse(csv.bytes.toString('utf8'), { bom: true });
      expect(records[0].slice(0, 2)).toEqual(['Gender', 'Enrolled']);
      const total = records.find((r) => r[0] === 'Total')!;
      expect(Number(total[1])).toBe(second.funnel.at(-1)!.enrolled);
      expect(records).toHaveLength(second.funnel.length + 1);

      const xlsx = await save('capacity-outcomes.xlsx');
      expect(xlsx.file).toMatch(/^capacity-outcomes-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.bytes as never);
      const sheet = book.worksheets.find((s) => {
        let found = false;
        s.eachRow((row) => {
          if ((row.values as unknown[]).includes('Capacity index')) found = true;
        });
        return found;
      })!;
      let header: unknown[] = [];
      let totals: unknown[] = [];
      sheet.eachRow((row) => {
        const values = row.values as unknown[];
        if (values.includes('Capacity index')) header = values;
        if (values[1] === 'Total') totals = values;
      });
      const confirmedColumn = header.indexOf('Confirmed');
      expect(confirmedColumn).toBeGreaterThan(0);
      expect(totals[confirmedColumn]).toBe(second.capacity.at(-1)!.confirmed);

      // The same dashboard in French.
      // (Signed in in English, the account's language, then French chosen with the language picker.)
      const fr = await person({ timezoneId: 'Europe/Paris' });
      await signIn(fr.page, ADMIN.email, { password: ADMIN.password });
      await fr.page.getByRole('combobox', { name: tr('en', 'language') }).selectOption({ label: 'Français' });
      await fr.page.goto('/secretariat/dashboard?groupBy=REGION');
      await heading(fr.page, 'dashboard.title', 'fr');
      await fr.page.getByRole('columnheader', { name: tr('fr', 'secretariat:dashboard.certified') }).waitFor();
      // The same figures, in French words and number formats.
      const frNumber = new Intl.NumberFormat('fr');
      await expectTable(
        fr.page,
        'funnel',
        first.funnel.map((r, i) => [
          i === first.funnel.length - 1
            ? tr('fr', 'secretariat:dashboard.total')
            : tr('fr', `secretariat:region.${r.key.region}`),
          ...['enrolled', 'confirmed', 'attended', 'completed', 'certified'].map((k) =>
            frNumber.format(r[k] as number),
          ),
        ]),
      );
      await expectNoSeriousAxeViolations(fr.page, '/secretariat/dashboard (fr)');
      await screenshot(fr.page, 'secretariat-dashboard-fr');
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'records a pledge and shows less still to raise',
    async () => {
      const { page } = sec;
      const before = must(await t.gql(BUDGET, {}, admin), 'programmeBudget');
      const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' });
      await page.goto('/secretariat/budget');
      await heading(page, 'budget.title');
      const toRaise = page.getByTestId('to-raise');
      expect(await toRaise.textContent()).toBe(money.format(before.fundsToRaiseUsd));
      expect(before.fundsToRaiseUsd).toBeGreaterThan(25_000);
      await expectNoSeriousAxeViolations(page, '/secretariat/budget');
      await fitsPhone(page, '/secretariat/budget');
      await screenshot(page, 'secretariat-budget-en');

      const form = page.locator('form', {
        has: page.getByRole('heading', { name: tr('en', 'secretariat:budget.pledgeTitle') }),
      });
      await form.getByLabel(tr('en', 'secretariat:budget.donor')).fill('Government of Norway');
      await form.getByLabel(tr('en', 'secretariat:budget.amount')).fill('25000');
      await form.getByRole('button', { name: tr('en', 'secretariat:budget.recordPledge') }).click();
      await form
        .getByText(
          tr('en', 'secretariat:budget.pledgeRecorded', {
            donor: 'Government of Norway',
            amount: money.format(25_000),
          }),
        )
        .waitFor();
      const expected = money.format(before.fundsToRaiseUsd - 25_000);
      await page.getByTestId('to-raise').getByText(expected, { exact: true }).waitFor();
      const after = must(await t.gql(BUDGET, {}, admin), 'programmeBudget');
      expect(after.fundsToRaiseUsd).toBe(before.fundsToRaiseUsd - 25_000);
      expect(after.pledges.at(-1)).toEqual({ donor: 'Government of Norway', amountUsd: 25_000 });
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'retries an e-mail the mail server refused, and sees it sent',
    async () => {
      const { page } = sec;
      const refused = await aDelegate(t, { partyCode: 'SEN', fullName: 'Khady Fall' });
      let refuse = true;
      sink.refuseMail = ([to]) =>
        refuse && to === refused.user.email.toLowerCase() ? { code: 550, message: '5.1.1 Mailbox unavailable' } : null;
      const webinar = await aWebinar(t, admin, { title: 'Webinar whose confirmation bounces' });
      await anEnrolment(t, webinar.id, refused);
      // The confirmation fails at once (a 5xx is not retried by the workers).
      const failedId = await (async () => {
        for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
          const edges = must(await t.gql(DELIVERIES, { e: refused.user.email }, admin), 'mailDeliveries').edges;
          const failed = edges.find((e: { node: { status: string } }) => e.node.status === 'FAILED');
          if (failed) return failed.node.id as string;
          await new Promise((r) => setTimeout(r, 200));
        }
        throw new Error('the refused confirmation never became FAILED');
      })();
      refuse = false;

      await page.goto('/secretariat/mail');
      await heading(page, 'mail.title');
      const retry = page.getByRole('button', {
        name: tr('en', 'secretariat:mail.retryLabel', { to: refused.user.email }),
      });
      await retry.waitFor();
      await expectNoSeriousAxeViolations(page, '/secretariat/mail');
      await fitsPhone(page, '/secretariat/mail');
      await screenshot(page, 'secretariat-mail-en');
      const queues = page.getByRole('link', { name: tr('en', 'secretariat:mail.queuesLink') });
      expect(await queues.getAttribute('href')).toMatch(/^\/admin\/queues\?token=/);
      expect(await queues.getAttribute('target')).toBe('_blank');

      await retry.click();
      await page
        .getByText(tr('en', 'secretariat:mail.result.SENT', { to: refused.user.email }))
        .waitFor({ timeout: 30_000 });
      const edges = must(await t.gql(DELIVERIES, { e: refused.user.email }, admin), 'mailDeliveries').edges;
      expect(edges.find((e: { node: { id: string } }) => e.node.id === failedId).node.status).toBe('SENT');
      await sink.waitFor(
        (all) => all.some((m) => m.to === refused.user.email.toLowerCase()),
        30_000,
        'the retried e-mail',
      );
      await expectNoSeriousAxeViolations(page, '/secretariat/mail (retried)');
    },
    JOURNEY_TIMEOUT_MS,
  );

  it(
    'creates an account, then disables it after a confirmation',
    async () => {
      const { page } = sec;
      await page.goto('/secretariat/accounts');
      await heading(page, 'accounts.title');
      await expectNoSeriousAxeViolations(page, '/secretariat/accounts');
      await fitsPhone(page, '/secretariat/accounts');
      await screenshot(page, 'secretariat-accounts-en');

      const form = page.getByRole('form', { name: tr('en', 'secretariat:accounts.createTitle') });
      const email = 'ousmane.diallo@test.example.org';
      await form.getByLabel(tr('en', 'secretariat:accounts.fullName')).fill('Ousmane Diallo');
      await form.getByLabel(tr('en', 'secretariat:accounts.email')).fill(email);
      await form.getByLabel(tr('en', 'secretariat:accounts.password'), { exact: true }).fill('a long enough password');
      await form.getByLabel(tr('en', 'secretariat:accounts.party')).selectOption('SEN');
      await form.getByRole('button', { name: tr('en', 'secretariat:accounts.create') }).click();
      await form.getByText(tr('en', 'secretariat:accounts.created', { name: 'Ousmane Diallo' })).waitFor();
      must(await t.gql(LOGIN, { e: email, p: 'a long enough password' }), 'login');

      await page
        .getByRole('form', { name: tr('en', 'secretariat:accounts.filters') })
        .getByLabel(tr('en', 'secretariat:accounts.party'))
        .selectOption('SEN');
      const card = page.getByRole('article', { name: 'Ousmane Diallo' });
      await card.getByRole('button', { name: tr('en', 'secretariat:accounts.disable') }).click();
      await card.getByText(tr('en', 'secretariat:accounts.confirmText', { name: 'Ousmane Diallo' })).waitFor();
      await expectNoSeriousAxeViolations(page, '/secretariat/accounts (confirming)');
      await card.getByRole('button', { name: tr('en', 'secretariat:accounts.confirmDisable') }).click();
      await page.getByText(tr('en', 'secretariat:accounts.disabled', { name: 'Ousmane Diallo' })).waitFor();
      // Listed as disabled, with nothing left to do.
      await card.getByText(tr('en', 'secretariat:accounts.disabledBadge'), { exact: true }).waitFor();
      expect(await card.getByRole('button').count()).toBe(0);
      const listed = must(await t.gql(USERS, { p: 'SEN' }, admin), 'users').edges;
      expect(listed.find((e: { node: { email: string } }) => e.node.email === email).node.disabledAt).toEqual(
        expect.any(String),
      );
      expect((await t.gql(LOGIN, { e: email, p: 'a long enough password' })).errors?.[0].extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    },
    JOURNEY_TIMEOUT_MS,
  );
});
