import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { dropDatabase, freshDatabaseName } from './support/database';
import { fmt, percentile, type BenchResult } from './support/results';
import { startServer, type BenchServer } from './support/server';

/**
 * P7: the web application's first load, as a visitor's browser gets the catalogue (`/`) from a production server
 * with the demo programme, in Debian's Chromium (the browser tests' own).
 *
 * 1. Size: the HTML, JavaScript and CSS of the first navigation to `/`, as transferred with `Accept-Encoding: br,
 *    gzip`: the sum of Chromium's own count of bytes received for each (CDP `Network.loadingFinished`
 *    encodedDataLength: compressed body and response headers), everything the page asked for until the network is
 *    idle (the lazily loaded chunks and strings included). The GraphQL answers are listed in the notes, not counted.
 * 2. Time: with Chromium's network emulation (CDP `Network.emulateNetworkConditions`: 500 kbit/s each way, 400 ms
 *    latency, cache disabled), from the navigation's start (the document's time origin) until the first session card
 *    has a box on the screen, read in the page at each animation frame; a new browser context each run, after one
 *    unthrottled visit that warms the server (a visitor's server is running already).
 */
const RUNS = Number(process.env.BENCH_P7_RUNS ?? 3);
const SIZE_GOAL_BYTES = 150_000; // 150 KB
const TIME_GOAL_MS = 5_000;
const KBIT = 1000 / 8; // bytes per second in one kbit/s
const THROTTLE = { offline: false, latency: 400, downloadThroughput: 500 * KBIT, uploadThroughput: 500 * KBIT };

/**
 * The moment (ms since the navigation started) the first session card is laid out with a size in the viewport, else
 * false; run in the page (as a function: the page's CSP refuses strings to evaluate).
 */
function firstCardShown(): number | false {
  const page = globalThis as unknown as {
    document: {
      querySelector(s: string): { getBoundingClientRect(): { width: number; height: number; top: number } } | null;
    };
    innerHeight: number;
    performance: { now(): number };
  };
  const card = page.document.querySelector('main article');
  if (!card) return false;
  const box = card.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && box.top < page.innerHeight ? page.performance.now() : false;
}

interface Transfer {
  url: string;
  mimeType: string;
  encoding: string;
  /** As received: the response's headers and its (compressed) body. */
  bytes: number;
  /** The body alone, as received. */
  bodyBytes: number;
}

/** Every response of the page, with the bytes Chromium received for it, recorded through the DevTools protocol. */
async function recordTransfers(cdp: CDPSession): Promise<Transfer[]> {
  const responses = new Map<string, Omit<Transfer, 'bytes' | 'bodyBytes'> & { headerBytes: number }>();
  const done: Transfer[] = [];
  cdp.on('Network.responseReceived', (e) => {
    if (!/^https?:/.test(e.response.url)) return; // data: URIs of the page's own styles
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    responses.set(e.requestId, {
      url: e.response.url,
      mimeType: e.response.mimeType,
      encoding: String(headers['content-encoding'] ?? 'identity'),
      headerBytes: e.response.encodedDataLength, // what had arrived with the headers: about the headers' size
    });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = responses.get(e.requestId);
    if (!r) return;
    const { headerBytes, ...rest } = r;
    done.push({ ...rest, bytes: e.encodedDataLength, bodyBytes: e.encodedDataLength - headerBytes });
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'br, gzip' } });
  return done;
}

const isPageCode = (t: Transfer) => /html|javascript|css/.test(t.mimeType);
const shortName = (url: string) => new URL(url).pathname.replace(/^\/assets\//, '');
const kb = (bytes: number) => `${fmt(bytes / 1000, 1)} KB`;

async function newVisitor(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({
    baseURL: url,
    locale: 'en-GB',
    timezoneId: 'Africa/Dakar',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp };
}

async function firstLoadSize(browser: Browser, url: string): Promise<{ transfers: Transfer[] }> {
  const { context, page, cdp } = await newVisitor(browser, url);
  try {
    const transfers = await recordTransfers(cdp);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto('/');
    await page.waitForFunction(firstCardShown, undefined, { timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    return { transfers: [...transfers] };
  } finally {
    await context.close();
  }
}

async function firstCardTime(browser: Browser, url: string, throttled: boolean): Promise<number> {
  const { context, page, cdp } = await newVisitor(browser, url);
  try {
    await cdp.send('Network.enable');
    await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'br, gzip' } });
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttled) await cdp.send('Network.emulateNetworkConditions', THROTTLE);
    await page.goto('/', { waitUntil: 'commit', timeout: 120_000 });
    const shown = await page.waitForFunction(firstCardShown, undefined, { timeout: 120_000, polling: 'raf' });
    return (await shown.jsonValue()) as number;
  } finally {
    await context.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const dbName = await freshDatabaseName('p7');
  let server: BenchServer | undefined;
  let browser: Browser | undefined;
  try {
    // As the other benchmarks start it: production build, NODE_ENV=production, the demo programme seeded.
    [server, browser] = await Promise.all([startServer(dbName), launchChromium()]);
    const url = server.url;

    const { transfers } = await firstLoadSize(browser, url);
    const code = transfers.filter(isPageCode);
    const api = transfers.filter((t) => !isPageCode(t));
    const size = code.reduce((sum, t) => sum + t.bytes, 0);
    const uncompressed = code.filter((t) => t.encoding !== 'br' && t.encoding !== 'gzip' && t.bodyBytes > 1024);

    await firstCardTime(browser, url, false); // warms the server's caches and connections; not counted
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await firstCardTime(browser, url, true));
    const median = percentile(times, 50);
    const unthrottled = await firstCardTime(browser, url, false);

    process.stdout.write(
      `   first load: ${code.length} files, ${kb(size)}; first card at 500 kbit/s, 400 ms: ${times.map((t) => `${fmt(t)} ms`).join(', ')}\n`,
    );
    return [
      {
        id: 'P7',
        what: "web app's first load of the catalogue (/): HTML + JS + CSS as transferred with Accept-Encoding: br, gzip",
        figure: `${kb(size)} (${fmt(size)} bytes in ${code.length} responses)`,
        baseline: '—',
        ratio: '—',
        goal: '≤ 150 KB',
        met: size <= SIZE_GOAL_BYTES,
        notes: [
          `Chromium's encodedDataLength (compressed body and headers) of each response of the first navigation until the network was idle: ` +
            code.map((t) => `${shortName(t.url)} ${t.encoding} ${fmt(t.bytes)} (body ${fmt(t.bodyBytes)})`).join(', ') +
            `; bodies alone: ${kb(code.reduce((sum, t) => sum + t.bodyBytes, 0))}`,
          `not counted, the API's answers: ${api.map((t) => `${shortName(t.url)} ${t.mimeType} ${t.encoding} ${fmt(t.bytes)}`).join(', ') || 'none'}`,
          uncompressed.length
            ? `sent uncompressed (over 1 KiB): ${uncompressed.map((t) => shortName(t.url)).join(', ')}`
            : 'every file over 1 KiB came compressed',
        ],
      },
      {
        id: 'P7',
        what: 'first session card visible on / at 500 kbit/s down and up, 400 ms latency, cache disabled (Chromium network emulation)',
        figure: `${fmt(median / 1000, 2)} s (median of ${RUNS}: ${times.map((t) => `${fmt(t / 1000, 2)} s`).join(', ')})`,
        baseline: '—',
        ratio: '—',
        goal: '≤ 5 s',
        met: median <= TIME_GOAL_MS,
        notes: [
          `from the navigation's start (the document's time origin) until the first card (main article) has a box in the viewport, ` +
            `read in the page at each animation frame; a new browser context each run, after one unthrottled visit; the demo programme's ` +
            `catalogue, 1280 × 800, en-GB`,
          `the same without emulation, for comparison: ${fmt(unthrottled)} ms`,
        ],
      },
    ];
  } finally {
    await browser?.close();
    await server?.stop();
    await dropDatabase(dbName);
  }
}
