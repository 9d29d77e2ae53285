import {
  codeOfHttpStatus,
  HTTP_STATUS_OF_CODE,
  canonicalTimeZone,
  centsToUsd,
  isoDurationToMs,
  isUuid,
  usdToCents,
} from './index';

describe('libs/common', () => {
  it('knows IANA time zones and canonicalises them', () => {
    expect(canonicalTimeZone('africa/dakar')).toBe('Africa/Dakar');
    expect(canonicalTimeZone('Europe/Zurich')).toBe('Europe/Zurich');
    expect(canonicalTimeZone('Europe/Geneva')).toBeNull();
    expect(canonicalTimeZone('+02:00')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });

  it('parses ISO-8601 durations', () => {
    expect(isoDurationToMs('P7D')).toBe(7 * 24 * 3600 * 1000);
    expect(isoDurationToMs('PT1H')).toBe(3600 * 1000);
    expect(() => isoDurationToMs('7 days')).toThrow();
    expect(() => isoDurationToMs('PT0S')).toThrow();
  });

  it('keeps money in exact cents', () => {
    expect(usdToCents(93000)).toBe(9_300_000);
    expect(usdToCents(0.1 + 0.2)).toBe(30);
    expect(usdToCents(19.99)).toBe(1999);
    expect(() => usdToCents(1.234)).toThrow(/two decimals/);
    expect(() => usdToCents(Number.NaN)).toThrow();
    expect(() => usdToCents(1e300)).toThrow();
    expect(centsToUsd('36256200')).toBe(362562);
    expect(centsToUsd(null)).toBeNull();
  });

  it('maps public codes to HTTP statuses and back', () => {
    for (const [code, status] of Object.entries(HTTP_STATUS_OF_CODE)) expect(codeOfHttpStatus(status)).toBe(code);
    expect(codeOfHttpStatus(413)).toBe('BAD_USER_INPUT');
    expect(codeOfHttpStatus(503)).toBe('INTERNAL_SERVER_ERROR');
  });

  it('recognises UUIDs', () => {
    expect(isUuid('6f1c8a52-4b1e-4f0e-9a55-0a3c2b1d9e77')).toBe(true);
    expect(isUuid('nope')).toBe(false);
    expect(isUuid(42)).toBe(false);
  });
});
