import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { AuthService } from '../src/auth/auth.service';
import { Role } from '../src/auth/role.enum';
import { UsersService } from '../src/auth/users.service';
import { Language } from '../src/catalogue/catalogue.enums';
import { ATTEND } from './support/assessment-fixtures';
import { expectInvariants, seatState } from './support/enrolment-fixtures';
import { aTrainer, aWebinar, anEnrolment } from './support/factories';
import { must, TestApp } from './support/test-app';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'attendance');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

/** The fixtures' webinar: 25 November 2026, 14:00-16:00 in Zurich (13:00-15:00 UTC), two hours, threshold 90 min. */
const STARTS_AT = '2026-11-25T13:00:00Z';
const ENDS_AT = '2026-11-25T15:00:00Z';

/** The delegates of the fixtures (their e-mails and names as the reports write them); Olga is in no report. */
const PEOPLE = [
  ['Amina Diallo', 'amina.diallo@example.org'],
  ['Carlos Mendoza', 'carlos.mendoza@example.org'],
  ['Li Wei', 'li.wei@example.org'],
  ['Fatou Ndiaye', 'fatou.ndiaye@example.org'],
  ['Jean Dupont', 'jean.dupont@example.org'],
  ['Olga Petrova', 'olga.petrova@example.org'],
] as const;

interface Answer {
  status: number;
  body: any;
  contentType: string | null;
}

/**
 * Issue #16: a webinar tool's participant report (Zoom, Microsoft Teams, Webex) previewed, then applied through the
 * attendance rule; bad files answered with a clear JSON error naming the line, never a 500.
 */
describe('Attendance import from a participant report', () => {
  let t: TestApp;
  let admin: string;
  let trainer: { user: { id: string }; token: string };
  let otherTrainer: { token: string };
  let delegates: { user: { id: string; email: string; fullName: string }; token: string }[];

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    trainer = await aTrainer(t, { modules: ['NIP'] });
    otherTrainer = await aTrainer(t, { modules: ['NIP'] });
    const users = t.app.get(UsersService);
    const auth = t.app.get(AuthService);
    delegates = [];
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
  });
  afterAll(() => t?.close());

  /** A webinar of the trainer with the six delegates confirmed, then moved to the fixtures' (past) times. */
  async function fixtureWebinar(): Promise<{ id: string; enrolments: Map<string, string> }> {
    const webinar = await aWebinar(t, admin, { trainerIds: [trainer.user.id], timeZone: 'Europe/Zurich' });
    const enrolments = new Map<string, string>();
    for (const d of delegates) enrolments.set(d.user.email, (await anEnrolment(t, webinar.id, d)).id);
    await t.db.query(`UPDATE training_session SET starts_at = $2, ends_at = $3 WHERE id = $1`, [
      webinar.id,
      STARTS_AT,
      ENDS_AT,
    ]);
    return { id: webinar.id, enrolments };
  }

  async function post(
    route: 'preview' | 'apply',
    query: Record<string, string>,
    body: Uint8Array | string,
    token: string | null,
    contentType = 'text/csv',
  ): Promise<Answer> {
    const res = await fetch(`${t.url}/attendance-reports/${route}?${new URLSearchParams(query)}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : Buffer.from(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // left as text: the assertion shows it
    }
    return { status: res.status, body: parsed, contentType: res.headers.get('content-type') };
  }

  const statuses = async (sessionId: string): Promise<Record<string, string>> => {
    const rows: { email: string; status: string }[] = await t.db.query(
      `SELECT u.email, e.status FROM enrolment e JOIN app_user u ON u.id = e.delegate_id WHERE e.session_id = $1`,
      [sessionId],
    );
    return Object.fromEntries(rows.map((r) => [r.email, r.status]));
  };
  const history = (
    sessionId: string,
  ): Promise<{ email: string; from: string; to: string; reason: string; by: string }[]> =>
    t.db.query(
      `SELECT u.email, c.from_status AS "from", c.to_status AS "to", c.reason, c.by_id AS "by"
         FROM enrolment_change c JOIN enrolment e ON e.id = c.enrolment_id JOIN app_user u ON u.id = e.delegate_id
        WHERE e.session_id = $1 AND c.reason LIKE 'imported from %' ORDER BY c.id`,
      [sessionId],
    );

  const names = (rows: { fullName: string }[]) => rows.map((r) => r.fullName);

  it.each([
    ['zoom-participants.csv', 'ZOOM', 'Zoom'],
    ['teams-attendance-report.csv', 'TEAMS', 'Microsoft Teams'],
    ['webex-attendees.csv', 'WEBEX', 'Webex'],
  ])(
    'previews then applies %s (%s): statuses as previewed, the history says so, twice changes nothing',
    async (file, format, words) => {
      const session = await fixtureWebinar();
      // Li Wei was marked present by hand before the report came: the report (50 minutes of 120) corrects it.
      const li = delegates.find((d) => d.user.email === 'li.wei@example.org')!;
      must(await t.gql(ATTEND, { s: session.id, d: [li.user.id], a: true }, trainer.token), 'recordAttendance');
      const bytes = fixture(file);
      const query = { sessionId: session.id, fileName: file };
      const before = await statuses(session.id);

      const preview = await post(
        'preview',
        query,
        bytes,
        trainer.token,
        file.startsWith('teams') ? 'application/vnd.ms-excel' : 'text/csv',
      );
      expect(preview.status).toBe(200);
      expect(preview.contentType).toMatch(/^application\/json/);
      const p = preview.body;
      expect(p).toMatchObject({
        format,
        fileName: file,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        scheduledMinutes: 120,
        thresholdMinutes: 90,
        applied: false,
        changed: 0,
      });
      expect(names(p.attended)).toEqual(['Amina Diallo', 'Carlos Mendoza', 'Fatou Ndiaye', 'Jean Dupont']);
      expect(p.attended.find((r: any) => r.fullName === 'Fatou Ndiaye')).toMatchObject({
        matchedBy: 'NAME',
        minutes: 110,
      });
      expect(p.attended.find((r: any) => r.fullName === 'Amina Diallo')).toMatchObject({
        matchedBy: 'EMAIL',
        minutes: 120,
        currentStatus: 'CONFIRMED',
        newStatus: 'ATTENDED',
        enrolmentId: session.enrolments.get('amina.diallo@example.org'),
      });
      expect(p.belowThreshold).toEqual([
        expect.objectContaining({ fullName: 'Li Wei', minutes: 50, currentStatus: 'ATTENDED', newStatus: 'NO_SHOW' }),
      ]);
      expect(p.absent).toEqual([
        {
          enrolmentId: session.enrolments.get('olga.petrova@example.org'),
          delegateId: delegates[5].user.id,
          fullName: 'Olga Petrova',
          email: 'olga.petrova@example.org',
        },
      ]);
      // The formula is data: echoed back as the plain text it is, matched to nobody.
      expect(p.unmatched.map((u: any) => u.email)).toEqual([
        'host@secretariat.example.org',
        'guest@ngo.example.net',
        null,
      ]);
      expect(p.unmatched[2]).toMatchObject({ name: '=HYPERLINK("http://evil.example/","click")', minutes: 100 });
      expect(p.unmatched[2].lines.length).toBeGreaterThan(0);
      expect(await statuses(session.id)).toEqual(before); // a preview writes nothing
      expect(await history(session.id)).toEqual([]);

      const apply = await post('apply', query, bytes, trainer.token, 'application/octet-stream');
      expect(apply.status).toBe(200);
      expect(apply.body).toEqual({ ...p, applied: true, changed: 6 });
      const after = await statuses(session.id);
      for (const row of [...p.attended, ...p.belowThreshold]) expect(after[row.email]).toBe(row.newStatus);
      expect(after['olga.petrova@example.org']).toBe('NO_SHOW');
      const rows = await history(session.id);
      expect(rows).toHaveLength(6);
      for (const r of rows) {
        expect(r.reason).toBe(`imported from ${file} (${words} participant report)`);
        expect(r.by).toBe(trainer.user.id);
      }
      expect(rows.find((r) => r.email === 'li.wei@example.org')).toMatchObject({ from: 'ATTENDED', to: 'NO_SHOW' });
      expectInvariants(await seatState(t.db, session.id));

      const again = await post('apply', query, bytes, trainer.token);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ applied: true, changed: 0 });
      expect(again.body.attended.map((r: any) => r.currentStatus)).toEqual([
        'ATTENDED',
        'ATTENDED',
        'ATTENDED',
        'ATTENDED',
      ]);
      expect(await history(session.id)).toHaveLength(6);
      expect(await statuses(session.id)).toEqual(after);
    },
  );

  describe('bad files and callers', () => {
    let sessionId: string;
    beforeAll(async () => {
      sessionId = (await fixtureWebinar()).id;
    });
    const previewOf = (body: Uint8Array | string, contentType?: string) =>
      post('preview', { sessionId, fileName: 'report.csv' }, body, trainer.token, contentType);
    const expectBadFile = (a: Answer, message: RegExp) => {
      expect(a.status).toBe(400);
      expect(a.contentType).toMatch(/^application\/json/);
      expect(a.body.error).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(a.body.error.message).toMatch(message);
    };
    const zoomLines = () => fixture('zoom-participants.csv').toString('utf8').split('\n');

    it('refuses an empty file, a BOM alone and blank lines', async () => {
      expectBadFile(await previewOf(''), /^line 1: the file is empty$/);
      expectBadFile(
        await previewOf(Buffer.from([0xef, 0xbb, 0xbf])),
        /^line 1: the file is empty \(only a byte-order mark\)/,
      );
      expectBadFile(await previewOf(Buffer.from([0xff, 0xfe])), /^line 1: the file is empty/);
      expectBadFile(await previewOf('\r\n\r\n'), /^line 1: the file is empty/);
    });

    it('refuses Latin-1 at the line of its first byte that is not UTF-8, and binary as not text', async () => {
      const lines = zoomLines();
      lines[0] = lines[0].replace(/^\uFEFF/, '');
      lines[7] = lines[7].replace('Carlos', 'Jos\u00e9');
      expectBadFile(
        await previewOf(Buffer.from(lines.join('\n'), 'latin1')),
        /^line 8: not UTF-8 \(byte E9 at offset \d+\).*not text in UTF-8 or UTF-16/,
      );
      expectBadFile(
        await previewOf(randomBytes(64 * 1024)),
        /^line \d+: (not UTF-8|the file is not text in UTF-8 or UTF-16)/,
      );
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0, 1, 2, 3])]);
      expectBadFile(
        await previewOf(pdf, 'application/octet-stream'),
        /^line 2: the file is not text in UTF-8 or UTF-16/,
      );
    });

    it('reads a report as UTF-16 only with its byte-order mark', async () => {
      const teams = fixture('teams-attendance-report.csv');
      expectBadFile(await previewOf(teams.subarray(2)), /^line 1: the file is not text in UTF-8 or UTF-16/);
      expect((await previewOf(teams)).status).toBe(200);
    });

    it('names the line of a bad timestamp and of a leave before its join', async () => {
      const lines = zoomLines();
      lines[6] = lines[6].replace('11/25/2026 03:05:00 PM', '11/25/2026 15:05:00 PX');
      expectBadFile(
        await previewOf(lines.join('\n')),
        /^line 7: Join Time "11\/25\/2026 15:05:00 PX" is not a date and time/,
      );
      const swapped = zoomLines();
      swapped[8] = 'Carlos Mendoza,carlos.mendoza@example.org,11/25/2026 04:00:30 PM,11/25/2026 03:10:00 PM,51,No,Y,No';
      expectBadFile(
        await previewOf(swapped.join('\n')),
        /^line 9: Leave Time 11\/25\/2026 03:10:00 PM is before Join Time 11\/25\/2026 04:00:30 PM$/,
      );
    });

    it('refuses a file that is no participant report, and a quote never closed, by line', async () => {
      expectBadFile(
        await previewOf('Student,Score\nAmina,18\n'),
        /^line 1: not a Zoom, Teams or Webex participant report \(expected a header with /,
      );
      const lines = zoomLines();
      lines[9] = '"Li Wei,li.wei@example.org,11/25/2026 02:00:00 PM,11/25/2026 02:50:00 PM,50,No,Y,No';
      expectBadFile(
        await previewOf(lines.join('\n')),
        /^line 10: malformed CSV record \(a quote that does not close its cell where it should; noticed at line 15\)$/,
      );
    });

    it('answers 413 to a 50 MB upload of garbage without reading it, and to a stream that grows over the limit', async () => {
      const declared = await rawUpload(
        `/attendance-reports/preview?sessionId=${sessionId}&fileName=big.csv`,
        50 * 1024 * 1024,
        true,
      );
      expect(declared.status).toBe(413);
      expect(declared.body.error).toEqual({ code: 'BAD_USER_INPUT', message: 'the file is larger than 10 MB' });
      const chunked = await rawUpload(
        `/attendance-reports/apply?sessionId=${sessionId}&fileName=big.csv`,
        12 * 1024 * 1024,
        false,
      );
      expect(chunked.status).toBe(413);
      expect(chunked.body.error.code).toBe('BAD_USER_INPUT');
      expect(await history(sessionId)).toEqual([]);
    });

    it('refuses a JSON body, a missing file name and a malformed session id', async () => {
      expectBadFile(await previewOf('{"a":1}', 'application/json'), /the report file itself/);
      const noName = await post('preview', { sessionId }, fixture('webex-attendees.csv'), trainer.token);
      expect(noName.status).toBe(400);
      expect(noName.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fileName' });
      const badId = await post('preview', { sessionId: 'nope', fileName: 'x.csv' }, 'a', trainer.token);
      expect(badId.body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sessionId' });
    });

    it('lets only the session’s runners import: 401 anonymous, 403 a delegate and another trainer', async () => {
      const body = fixture('webex-attendees.csv');
      const anonymous = await post('preview', { sessionId, fileName: 'w.csv' }, body, null);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
      const delegate = await post('apply', { sessionId, fileName: 'w.csv' }, body, delegates[0].token);
      expect(delegate.status).toBe(403);
      expect(delegate.body.error.code).toBe('FORBIDDEN');
      for (const route of ['preview', 'apply'] as const) {
        const other = await post(route, { sessionId, fileName: 'w.csv' }, body, otherTrainer.token);
        expect(other.status).toBe(403);
        expect(other.body.error.code).toBe('FORBIDDEN');
      }
      expect(await history(sessionId)).toEqual([]);
    });

    it('refuses a runner whose own enrolment the report would mark (SELF_ATTENDANCE), writing nothing', async () => {
      const both = await aTrainer(t, { modules: ['NIP'], also: [Role.DELEGATE] });
      const webinar = await aWebinar(t, admin, { trainerIds: [both.user.id] });
      await anEnrolment(t, webinar.id, both);
      await t.db.query(`UPDATE training_session SET starts_at = $2, ends_at = $3 WHERE id = $1`, [
        webinar.id,
        STARTS_AT,
        ENDS_AT,
      ]);
      for (const route of ['preview', 'apply'] as const) {
        const a = await post(
          route,
          { sessionId: webinar.id, fileName: 'z.csv' },
          fixture('zoom-participants.csv'),
          both.token,
        );
        expect(a.status).toBe(409);
        expect(a.body.error).toMatchObject({ code: 'CONFLICT', reason: 'SELF_ATTENDANCE' });
      }
      expect(await history(webinar.id)).toEqual([]);
      // Another runner (the Secretariat) may: the trainer-delegate, absent from the report, becomes NO_SHOW.
      const bySecretariat = await post(
        'apply',
        { sessionId: webinar.id, fileName: 'z.csv' },
        fixture('zoom-participants.csv'),
        admin,
      );
      expect(bySecretariat.status).toBe(200);
      expect(bySecretariat.body).toMatchObject({ applied: true, changed: 1, absent: [{ delegateId: both.user.id }] });
    });

    it('answers before the session starts with the CONFLICT recordAttendance gives', async () => {
      const future = await aWebinar(t, admin, { trainerIds: [trainer.user.id] });
      await anEnrolment(t, future.id, delegates[0]);
      const viaGraphql = await t.gql(ATTEND, { s: future.id, d: [delegates[0].user.id], a: true }, trainer.token);
      const reason = viaGraphql.errors?.[0]?.extensions?.reason;
      expect(reason).toBe('SESSION_NOT_STARTED');
      for (const route of ['preview', 'apply'] as const) {
        const a = await post(
          route,
          { sessionId: future.id, fileName: 'w.csv' },
          fixture('webex-attendees.csv'),
          trainer.token,
        );
        expect(a.status).toBe(409);
        expect(a.body.error).toMatchObject({ code: 'CONFLICT', reason });
      }
    });
  });

  /**
   * An upload of `size` bytes of random garbage over plain HTTP, with its length declared (Content-Length) or not
   * (chunked); resolves with the answer as soon as it comes, whatever happens to the rest of the upload.
   */
  function rawUpload(path: string, size: number, declared: boolean): Promise<Answer> {
    const url = new URL(path, t.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: 'POST',
          headers: {
            authorization: `Bearer ${trainer.token}`,
            'content-type': 'application/octet-stream',
            ...(declared ? { 'content-length': String(size) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(text),
              contentType: res.headers['content-type'] ?? null,
            });
          });
          res.on('error', reject);
        },
      );
      let answered = false;
      req.on('response', () => (answered = true));
      req.on('error', (e) => {
        if (!answered) reject(e);
      });
      const chunk = randomBytes(256 * 1024);
      let sent = 0;
      const pump = () => {
        while (!answered && sent < size) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
  }
});
