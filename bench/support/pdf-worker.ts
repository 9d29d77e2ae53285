import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCertificatePdf, type CertificateDocument } from '../../libs/documents/src';
import { CENTRES, MODULES, WORKSHOPS } from '../../src/programme-data/programme.data';

/**
 * P5's worker process (`fork`, working directory the project root, where the platform finds its fonts): renders
 * certificate PDFs one after another as the platform's certificate e-mail and download do (renderCertificatePdf of
 * the document the certificate row holds and its verification URL), each for another holder, until DURATION_MS
 * have passed or MAX_COUNT are done, after WARMUP renderings not counted (the fonts are parsed once per process).
 * Reports the count, the time, the sizes and CPU to its parent, and writes one PDF to SAMPLE_FILE.
 */
const PUBLIC_URL = 'http://bench.example.org';
const FIRST = [
  'Amina',
  'Jean-Pierre',
  'María José',
  'Nguyễn Thị',
  'Olena',
  'Søren',
  'Fatima',
  'Kwame',
  'Łukasz',
  'Zoë',
  'Ana Sofía',
  'Björn',
];
const LAST = [
  'Diallo',
  'Dubois',
  'García López',
  'Lan',
  'Kovalenko',
  'Østergaard',
  'Haddad',
  'Mensah',
  'Wróblewski',
  'Ndiaye',
  'Fernández',
  'Ólafsson',
];
/**
 * Some holders write their names in another script: Arabic (Noto Naskh Arabic, set right to left), Chinese (Noto Sans
 * SC, read from disk on the first such name) and Cyrillic.
 */
const OTHER_SCRIPTS = [
  ['فاطمة الزهراء', 'محمد عبد الله', 'ليلى حداد', 'Dr. محمد عبد الله (EGY)'],
  ['王秀英', '李明', '张伟', '欧阳晓明'],
  ['Ольга Иванова', 'Дмитрий Петров', 'Анна Смирнова'],
];
const LANGUAGES = ['EN', 'FR', 'ES', 'AR', 'RU', 'ZH'];

function parties(): { code: string; name: string }[] {
  return readFileSync(join(process.cwd(), 'data/parties.csv'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('code,'))
    .map((l) => {
      // name may be quoted and contain commas
      const m = /^([A-Z]{3}),("(?:[^"]|"")*"|[^,]*),/.exec(l);
      return m ? { code: m[1], name: m[2].replace(/^"|"$/g, '').replace(/""/g, '"') } : null;
    })
    .filter((p): p is { code: string; name: string } => p !== null);
}

/** The sessions of the seeded programme: eight webinars (one module each) and the ten regional workshops. */
function sessions(): { session: CertificateDocument['session']; modules: CertificateDocument['modules'] }[] {
  const moduleOf = (code: string) => MODULES.find((m) => m.code === code)!;
  const webinars = [1, 2].flatMap((round) =>
    MODULES.map((m, i) => {
      const startsAt = new Date(Date.UTC(2027, 2, 1 + 7 * (i + 4 * (round - 1)), 12, 0));
      return {
        session: {
          kind: 'WEBINAR' as const,
          title: `Webinar ${round}: ${m.title}`,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(),
          timeZone: 'Europe/Zurich',
          venue: null,
          hostCentre: null,
          region: null,
        },
        modules: [{ code: m.code, title: m.title }],
      };
    }),
  );
  const workshops = WORKSHOPS.map((w, i) => {
    const centre = CENTRES.find((c) => c.key === w.centre)!;
    const startsAt = new Date(Date.UTC(2027, 5, 7 + 14 * i, 7, 0));
    return {
      session: {
        kind: 'WORKSHOP' as const,
        title: `Regional workshop (${w.region.replace(/_/g, ' ').toLowerCase()}): ${w.modules.join(' and ')}`,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + (2 * 24 + 8) * 3600_000).toISOString(),
        timeZone: w.timeZone,
        venue: w.venue,
        hostCentre: { name: centre.name, city: centre.city },
        region: w.region,
      },
      modules: w.modules.map((code) => ({ code, title: moduleOf(code).title })),
    };
  });
  return [...webinars, ...workshops];
}

/** The n-th certificate: as CertificatesService.issue builds the document, with its random 192-bit code. */
function certificate(n: number, all: ReturnType<typeof sessions>, partyList: { code: string; name: string }[]) {
  const { session, modules } = all[n % all.length];
  const party = partyList[(n * 7) % partyList.length];
  const script = OTHER_SCRIPTS[n % 17];
  const holderName = script
    ? script[n % script.length]
    : `${FIRST[n % FIRST.length]} ${LAST[(n * 5) % LAST.length]} ${n}`;
  const code = randomBytes(24).toString('base64url');
  const document: CertificateDocument = {
    code,
    holderName,
    party,
    language: LANGUAGES[n % LANGUAGES.length],
    session,
    modules,
    issuedAt: new Date(Date.parse(session.endsAt) + 86_400_000 + n * 1000).toISOString(),
  };
  return { document, verifyUrl: `${PUBLIC_URL}/verify/${code}` };
}

async function main(): Promise<void> {
  const durationMs = Number(process.env.DURATION_MS ?? 10_000);
  const maxCount = Number(process.env.MAX_COUNT ?? 2000);
  const warmup = Number(process.env.WARMUP ?? 20);
  const all = sessions();
  const partyList = parties();

  const w0 = Date.now();
  for (let i = 0; i < warmup; i++) {
    const c = certificate(1_000_000 + i, all, partyList);
    await renderCertificatePdf(c.document, c.verifyUrl);
  }
  const warmupMs = Date.now() - w0;

  const sizes: number[] = [];
  let sample: { holderName: string; code: string; verifyUrl: string } | null = null;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  while (n < maxCount && performance.now() - t0 < durationMs) {
    const c = certificate(n, all, partyList);
    const pdf = await renderCertificatePdf(c.document, c.verifyUrl);
    sizes.push(pdf.length);
    if (n === 1 && process.env.SAMPLE_FILE) {
      writeFileSync(process.env.SAMPLE_FILE, pdf);
      sample = { holderName: c.document.holderName, code: c.document.code, verifyUrl: c.verifyUrl };
    }
    n++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  process.send!({
    type: 'done',
    count: n,
    seconds,
    warmupMs,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    minBytes: Math.min(...sizes),
    maxBytes: Math.max(...sizes),
    meanBytes: sizes.reduce((a, b) => a + b, 0) / (sizes.length || 1),
    sample,
  });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
