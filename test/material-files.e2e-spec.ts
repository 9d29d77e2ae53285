import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Upload } from 'tus-js-client';
import { Language } from '../src/catalogue/catalogue.enums';
import { DownloadTokens } from '../src/materials/download-tokens';
import { aDelegate, aTrainer, aWebinar, anEnrolment } from './support/factories';
import { mailsOf, SmtpSink, workersMailingTo, type ReceivedMail } from './support/smtp-sink';
import { codeOf, must, TestApp } from './support/test-app';

const CREATE = `mutation C($input: MaterialInput!) { createMaterial(input: $input) { id status url file { sha256 } } }`;
const UPDATE = `mutation U($id: ID!, $input: MaterialInput!) { updateMaterial(id: $id, input: $input) { id version status url file { sha256 fileName } } }`;
const PUBLISH = `mutation P($id: ID!) { publishMaterial(id: $id) { id status } }`;
const MATERIAL = `query M($id: ID!) { material(id: $id) { id status url file { fileName contentType sizeBytes sha256 downloadUrl } } }`;

/** Small enough for the tests, large enough to need several chunks: 3 MB. */
const MAX_BYTES = 3 * 1024 * 1024;
const CHUNK = 256 * 1024;
const PUBLIC_URL = 'https://lms.example.org';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A PDF as file-type reads it: the header, then (random) content, then the trailer: 1.5 MB exactly. */
const aPdf = () => {
  const head = Buffer.from('%PDF-1.7\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, randomBytes(1.5 * 1024 * 1024 - head.length - tail.length), tail]);
};
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), randomBytes(4096)]);

describe('material files: tus uploads, content-addressed storage, Range downloads', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let storageDir: string;
  let author: { user: any; token: string };
  let otherTrainer: { user: any; token: string };
  let delegate: { user: any; token: string };

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'lms-files-'));
    sink = await SmtpSink.start();
    t = await TestApp.start({
      ...workersMailingTo(sink, PUBLIC_URL),
      STORAGE_DIR: storageDir,
      MATERIAL_MAX_BYTES: String(MAX_BYTES),
    });
    author = await aTrainer(t, { modules: ['NIP'] });
    otherTrainer = await aTrainer(t, { modules: ['NIP'] });
    delegate = await aDelegate(t, { language: Language.EN });
    // The delegate holds a seat in a NIP webinar: a NIP material's publication is e-mailed to them.
    await anEnrolment(t, (await aWebinar(t, await t.adminToken())).id, delegate);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    rmSync(storageDir, { recursive: true, force: true });
  });

  const draft = async (title: string, token = author.token): Promise<string> =>
    must(await t.gql(CREATE, { input: { moduleCode: 'NIP', title, language: 'EN' } }, token), 'createMaterial').id;
  const material = async (id: string, token?: string) => (await t.gql(MATERIAL, { id }, token)).data.material;

  /** tus-js-client's upload, as the web app makes it; resolves when the server has the last byte and answered. */
  function tusOptions(materialId: string, filename: string, token: string, extra: Partial<Upload['options']> = {}) {
    return {
      endpoint: `${t.url}/uploads/`,
      chunkSize: CHUNK,
      retryDelays: [],
      headers: { Authorization: `Bearer ${token}` },
      metadata: { filename, materialId },
      ...extra,
    };
  }
  const upload = (bytes: Buffer, materialId: string, filename: string, token = author.token) =>
    new Promise<void>((resolve, reject) => {
      new Upload(bytes, {
        ...tusOptions(materialId, filename, token),
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
  /** The upload's refusal: the HTTP status and the JSON error of the answer that ended it. */
  const refusal = (bytes: Buffer, materialId: string, filename: string, token = author.token) =>
    upload(bytes, materialId, filename, token).then(
      () => {
        throw new Error('the upload was accepted');
      },
      (err: any) => ({
        status: err.originalResponse?.getStatus() as number,
        body: JSON.parse(err.originalResponse?.getBody() || 'null'),
      }),
    );
  const storedFiles = () =>
    existsSync(join(storageDir, 'sha256'))
      ? readdirSync(join(storageDir, 'sha256'), { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => e.name)
      : [];
  const partials = () => readdirSync(join(storageDir, '.uploads')).filter((n) => !n.endsWith('.json'));
  const storedRows = async (sha: string) =>
    (await t.db.query('SELECT size_bytes, content_type FROM stored_file WHERE sha256 = $1', [sha])) as any[];
  const raw = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${t.url}${path}`, {
      ...init,
      headers: {
        'Tus-Resumable': '1.0.0',
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
  const metadata = (fields: Record<string, string>) =>
    Object.entries(fields)
      .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
      .join(',');

  let pdf: Buffer;
  let pdfMaterial: string;

  it('takes a PDF in chunks, cut after the first and resumed from the server’s offset: the same bytes, kept once', async () => {
    pdf = aPdf();
    pdfMaterial = await draft('NIP slides');
    // The first attempt stops after its first chunk, as a broken connection would.
    const first = await new Promise<Upload>((resolve, reject) => {
      const u: Upload = new Upload(pdf, {
        ...tusOptions(pdfMaterial, 'nip-slides.pdf', author.token),
        onChunkComplete: () => void u.abort().then(() => resolve(u), reject),
        onError: reject,
      });
      u.start();
    });
    expect(first.url).toMatch(/\/uploads\/[A-Za-z0-9_-]+$/);
    const head = await raw(new URL(first.url!).pathname, { method: 'HEAD', token: author.token });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('upload-offset'))).toBe(CHUNK);
    expect((await material(pdfMaterial, author.token)).file).toBeNull();

    // The second asks the offset and sends the rest only.
    const sent: number[] = [];
    await new Promise<void>((resolve, reject) => {
      new Upload(pdf, {
        ...tusOptions(pdfMaterial, 'nip-slides.pdf', author.token),
        uploadUrl: first.url,
        onChunkComplete: (_size, accepted) => sent.push(accepted),
        onSuccess: () => resolve(),
        onError: reject,
      }).start();
    });
    expect(sent[0]).toBe(2 * CHUNK);
    expect(sent.at(-1)).toBe(pdf.length);

    const file = (await material(pdfMaterial, author.token)).file;
    expect(file).toMatchObject({
      fileName: 'nip-slides.pdf',
      contentType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: sha256(pdf),
    });
    expect(file.downloadUrl).toMatch(new RegExp(`^/files/materials/${pdfMaterial}\\?token=`));
    const got = await fetch(`${t.url}${file.downloadUrl}`);
    expect(got.status).toBe(200);
    expect(sha256(Buffer.from(await got.arrayBuffer()))).toBe(sha256(pdf));
    // Stored under its digest; the partial upload is gone.
    expect(storedFiles()).toEqual([sha256(pdf)]);
    expect(await storedRows(sha256(pdf))).toEqual([
      { size_bytes: String(pdf.length), content_type: 'application/pdf' },
    ]);
    expect(partials()).toEqual([]);
  });

  it('keeps the same bytes once, whoever uploads them for whichever material', async () => {
    const copy = await draft('NIP slides, French session', otherTrainer.token);
    await upload(pdf, copy, 'diapositives.pdf', otherTrainer.token);
    expect((await material(copy, otherTrainer.token)).file).toMatchObject({
      fileName: 'diapositives.pdf',
      sha256: sha256(pdf),
    });
    expect(storedFiles()).toEqual([sha256(pdf)]);
    expect(await storedRows(sha256(pdf))).toHaveLength(1);
  });

  it('reads the type from the bytes: a PNG named .pdf is a PNG; an ELF or text with NULs is refused, nothing attached', async () => {
    const png = await draft('Map');
    await upload(PNG_1X1, png, 'map.pdf');
    expect((await material(png, author.token)).file).toMatchObject({ fileName: 'map.pdf', contentType: 'image/png' });

    for (const [bytes, name, detected] of [
      [ELF, 'guide.pdf', /application\/x-elf/],
      [Buffer.from('name,score\nAminata,9\u0000\n'), 'scores.csv', /NUL/],
    ] as const) {
      const id = await draft(`Refused ${name}`);
      const before = storedFiles().length;
      const refused = await refusal(bytes, id, name);
      expect(refused.status).toBe(415);
      expect(refused.body.error.code).toBe('BAD_USER_INPUT');
      expect(refused.body.error.message).toMatch(detected);
      expect((await material(id, author.token)).file).toBeNull();
      expect(storedFiles()).toHaveLength(before);
      expect(partials()).toEqual([]);
    }

    // CSV has no magic number: UTF-16 text with its BOM (as Teams writes it) is accepted as text/csv.
    const csv = await draft('Participants');
    await upload(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tEmail\nZoé\tz@x.org\n', 'utf16le')]),
      csv,
      'p.csv',
    );
    expect((await material(csv, author.token)).file.contentType).toBe('text/csv');
  });

  it('refuses a creation before any byte: unauthenticated, not allowed, unknown, not a draft, too large', async () => {
    const id = await draft('Checks');
    const create = (token: string | undefined, fields: Record<string, string>, length = 1000) =>
      raw('/uploads/', {
        method: 'POST',
        token,
        headers: { 'Upload-Length': String(length), 'Upload-Metadata': metadata(fields) },
      });
    const errorOf = async (res: Response) => ({ status: res.status, error: ((await res.json()) as any).error });
    const fields = { filename: 'a.pdf', materialId: id };

    expect(await errorOf(await create(undefined, fields))).toMatchObject({
      status: 401,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(await errorOf(await create(delegate.token, fields))).toMatchObject({
      status: 403,
      error: { code: 'FORBIDDEN' },
    });
    // As updateMaterial: another trainer does not see someone else's draft at all.
    expect(await errorOf(await create(otherTrainer.token, fields))).toMatchObject({
      status: 404,
      error: { code: 'NOT_FOUND' },
    });
    const unknown = { filename: 'a.pdf', materialId: '6f1c8a52-4b1e-4f0e-9a55-0a3c2b1d9e77' };
    expect(await errorOf(await create(author.token, unknown))).toMatchObject({
      status: 404,
      error: { code: 'NOT_FOUND' },
    });
    const tooLarge = await errorOf(await create(author.token, fields, MAX_BYTES + 1));
    expect(tooLarge).toMatchObject({ status: 413, error: { code: 'BAD_USER_INPUT' } });
    expect(tooLarge.error.message).toContain(String(MAX_BYTES));
    expect(await errorOf(await create(author.token, { filename: 'a.pdf' }))).toMatchObject({ status: 400 });

    // tus-js-client sees the same refusal, before sending a byte of the body.
    const big = Buffer.alloc(MAX_BYTES + 1);
    const refused = await refusal(big, id, 'big.pdf');
    expect(refused.status).toBe(413);

    // A published version takes no file: it is revised (updateMaterial) and the new draft gets it.
    await upload(PNG_1X1, id, 'logo.png');
    must(await t.gql(PUBLISH, { id }, author.token), 'publishMaterial');
    expect(await errorOf(await create(author.token, fields))).toMatchObject({
      status: 409,
      error: { code: 'CONFLICT', reason: 'MATERIAL_NOT_DRAFT' },
    });
    expect(partials()).toEqual([]);
  });

  it('lets only its creator continue an upload', async () => {
    const id = await draft('Owner only');
    const res = await raw('/uploads/', {
      method: 'POST',
      token: author.token,
      headers: { 'Upload-Length': '1000', 'Upload-Metadata': metadata({ filename: 'x.pdf', materialId: id }) },
    });
    expect(res.status).toBe(201);
    const location = res.headers.get('location')!;
    const patch = await raw(location, {
      method: 'PATCH',
      token: otherTrainer.token,
      headers: { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
      body: Buffer.from('%PDF-1.7\n'),
    });
    expect(patch.status).toBe(403);
    const head = await raw(location, { method: 'HEAD', token: author.token });
    expect(head.headers.get('upload-offset')).toBe('0');
    await raw(location, { method: 'DELETE', token: author.token });
  });

  it('publishes the file: the e-mail names it with its size and links to the module’s page; a revision keeps it', async () => {
    const published = must(await t.gql(PUBLISH, { id: pdfMaterial }, author.token), 'publishMaterial');
    expect(published.status).toBe('PUBLISHED');
    const about = (m: ReceivedMail[]) =>
      mailsOf(m, 'MATERIAL_PUBLISHED', delegate.user.email).filter((x) => x.subject.includes('NIP slides'));
    const [mail] = about(await sink.waitFor((m) => about(m).length >= 1));
    expect(mail.text).toContain('nip-slides.pdf, 1.5 MB');
    expect(mail.text).toContain(`${PUBLIC_URL}/?module=NIP`);
    expect(mail.text).not.toContain('/files/');

    // Nothing to publish: neither a link nor a file.
    const empty = await draft('Empty');
    const r = await t.gql(PUBLISH, { id: empty }, author.token);
    expect(codeOf(r)).toBe('CONFLICT');
    expect(r.errors![0].extensions!.reason).toBe('MATERIAL_EMPTY');

    const revised = must(
      await t.gql(
        UPDATE,
        { id: pdfMaterial, input: { moduleCode: 'NIP', title: 'NIP slides v2', language: 'EN' } },
        author.token,
      ),
      'updateMaterial',
    );
    expect(revised).toMatchObject({
      version: 2,
      status: 'DRAFT',
      url: null,
      file: { sha256: sha256(pdf), fileName: 'nip-slides.pdf' },
    });
    // A link instead: the new draft is a link, its file dropped.
    const link = must(
      await t.gql(
        UPDATE,
        {
          id: revised.id,
          input: { moduleCode: 'NIP', title: 'NIP slides v2', language: 'EN', url: 'https://example.org/s' },
        },
        author.token,
      ),
      'updateMaterial',
    );
    expect(link).toMatchObject({ url: 'https://example.org/s', file: null });
  });

  it('serves a delegate the published file: name, type, length, ETag, and the bytes', async () => {
    const file = (await material(pdfMaterial, delegate.token)).file;
    expect(file.downloadUrl).toBeTruthy();
    expect((await material(pdfMaterial)).file.downloadUrl).toBeNull(); // signed out: no link

    const res = await fetch(`${t.url}${file.downloadUrl}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(pdf.length));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toBe(`"${sha256(pdf)}"`);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="nip-slides.pdf"; filename*=UTF-8''nip-slides.pdf`,
    );
    const body = Buffer.from(await res.arrayBuffer());
    expect(sha256(body)).toBe(sha256(pdf));

    const inline = await fetch(`${t.url}${file.downloadUrl}&inline=1`, { method: 'HEAD' });
    expect(inline.status).toBe(200);
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(inline.headers.get('content-length')).toBe(String(pdf.length));
    expect(await inline.text()).toBe('');

    const notModified = await fetch(`${t.url}${file.downloadUrl}`, {
      headers: { 'If-None-Match': `"${sha256(pdf)}"` },
    });
    expect(notModified.status).toBe(304);
  });

  it('answers one byte range: first, middle, suffix; 416 past the end; If-Range honoured', async () => {
    const { downloadUrl } = (await material(pdfMaterial, delegate.token)).file;
    const get = (range: string, more: Record<string, string> = {}) =>
      fetch(`${t.url}${downloadUrl}`, { headers: { Range: range, ...more } });
    const size = pdf.length;

    for (const [range, start, end] of [
      ['bytes=0-99', 0, 99],
      ['bytes=700000-799999', 700000, 799999],
      ['bytes=-500', size - 500, size - 1],
      [`bytes=${size - 10}-`, size - 10, size - 1],
    ] as const) {
      const res = await get(range);
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(res.headers.get('content-length')).toBe(String(end - start + 1));
      expect(Buffer.from(await res.arrayBuffer()).equals(pdf.subarray(start, end + 1))).toBe(true);
    }

    const past = await get(`bytes=${size}-`);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`);
    expect(((await past.json()) as any).error.code).toBe('BAD_USER_INPUT');

    const same = await get('bytes=0-9', { 'If-Range': `"${sha256(pdf)}"` });
    expect(same.status).toBe(206);
    await same.arrayBuffer();
    const changed = await get('bytes=0-9', { 'If-Range': '"another"' });
    expect(changed.status).toBe(200);
    expect(Buffer.from(await changed.arrayBuffer()).length).toBe(size);
  });

  it('refuses a draft’s file to a delegate, and altered, expired or unknown links', async () => {
    const id = await draft('Unpublished notes');
    await upload(PNG_1X1, id, 'C:\\Users\\ana\\Notes d’été "v2".png');
    const authorsLink = (await material(id, author.token)).file.downloadUrl as string;
    const own = await fetch(`${t.url}${authorsLink}`);
    expect(own.status).toBe(200);
    // The name without its folders; an ASCII fallback and the exact name in UTF-8 (RFC 6266).
    expect(own.headers.get('content-disposition')).toBe(
      `attachment; filename="Notes d__t_ _v2_.png"; filename*=UTF-8''Notes%20d%E2%80%99%C3%A9t%C3%A9%20%22v2%22.png`,
    );
    expect(await material(id, delegate.token)).toBeNull();

    const tokens = t.app.get(DownloadTokens);
    const errorOf = async (path: string) => {
      const res = await fetch(`${t.url}${path}`);
      return { status: res.status, code: ((await res.json()) as any).error.code };
    };
    // A link made for the delegate does not open a draft that is not theirs.
    expect(await errorOf(`/files/materials/${id}?token=${tokens.sign(delegate.user.id, id)}`)).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    // Altered: another version, another user, a later expiry, a changed signature.
    const token = new URL(authorsLink, t.url).searchParams.get('token')!;
    const [userId, exp, sig] = token.split('.');
    for (const altered of [
      `${delegate.user.id}.${exp}.${sig}`,
      `${userId}.${Number(exp) + 3600}.${sig}`,
      `${userId}.${exp}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`,
      '',
    ]) {
      expect(await errorOf(`/files/materials/${id}?token=${encodeURIComponent(altered)}`)).toEqual({
        status: 403,
        code: 'FORBIDDEN',
      });
    }
    expect(await errorOf(`/files/materials/${pdfMaterial}?token=${token}`)).toEqual({ status: 403, code: 'FORBIDDEN' });
    const expired = tokens.sign(author.user.id, id, new Date(Date.now() - 1000));
    expect(await errorOf(`/files/materials/${id}?token=${expired}`)).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await errorOf(`/files/materials/6f1c8a52-4b1e-4f0e-9a55-0a3c2b1d9e77?token=${token}`)).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});
