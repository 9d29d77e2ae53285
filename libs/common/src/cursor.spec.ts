import { decodeCursor, encodeCursor } from './cursor';

const ID = '0b7f7c8e-3c57-4b8a-9f6e-2f1d3c4b5a69';
const SHAPE = ['time', 'uuid'] as const;
const raw = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('pagination cursors', () => {
  it('round-trips a position, to the millisecond or the microsecond', () => {
    for (const at of [
      '2027-01-01T00:00:00.000Z',
      '2027-01-01T09:30:12.345678Z',
      '0001-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999999Z',
    ]) {
      expect(decodeCursor(encodeCursor([at, ID]), SHAPE)).toEqual([at, ID]);
    }
  });

  it('refuses what is not base64url JSON of an array of the right length', () => {
    for (const cursor of [
      '',
      '%%%',
      '****',
      raw('{"a":1}'),
      raw('"x"'),
      raw('null'),
      raw('[]'),
      raw('[1,2,3]'),
      'x'.repeat(600),
    ]) {
      expect(decodeCursor(cursor, SHAPE)).toBeNull();
    }
    expect(decodeCursor(encodeCursor(['2027-01-01T00:00:00.000Z', ID]), ['time', 'uuid', 'uuid'])).toBeNull();
    expect(decodeCursor(undefined, SHAPE)).toBeNull();
    expect(decodeCursor(42, SHAPE)).toBeNull();
  });

  it('refuses a cursor written another way than the lists write them (padding, spaces, another order)', () => {
    const json = JSON.stringify(['2027-01-01T00:00:00.000Z', ID]);
    expect(decodeCursor(Buffer.from(json).toString('base64'), SHAPE)).toBeNull(); // padded, not url-safe
    expect(decodeCursor(raw(json.replace(',', ', ')), SHAPE)).toBeNull();
    expect(decodeCursor(`${encodeCursor(['2027-01-01T00:00:00.000Z', ID])}==`, SHAPE)).toBeNull();
    expect(decodeCursor(encodeCursor([ID, '2027-01-01T00:00:00.000Z']), SHAPE)).toBeNull();
  });

  it('refuses dates outside what PostgreSQL and JavaScript both hold, impossible dates and other shapes of date', () => {
    for (const at of [
      '-010000-01-01T00:00:00.000Z', // 10001 BC: a JavaScript date, out of PostgreSQL's range (it was a 500)
      '+275760-09-13T00:00:00.000Z',
      '+010000-01-01T00:00:00.000Z',
      '0000-01-01T00:00:00.000Z', // PostgreSQL has no year 0
      '2027-02-30T00:00:00.000Z',
      '2027-13-01T00:00:00.000Z',
      '2027-01-01T24:00:00.000Z',
      '2027-01-01T00:00:60.000Z',
      '2027-01-01T00:00:00Z',
      '2027-01-01T00:00:00.000+01:00',
      '2027-01-01T00:00:00.0000Z',
      '2027-01-01 00:00:00.000Z',
      '2027-01-01',
      'NaN',
      'infinity',
      '',
    ]) {
      expect([at, decodeCursor(encodeCursor([at, ID]), SHAPE)]).toEqual([at, null]);
    }
    expect(decodeCursor(raw(JSON.stringify([1798761600000, ID])), SHAPE)).toBeNull();
    expect(decodeCursor(raw(JSON.stringify([null, ID])), SHAPE)).toBeNull();
  });

  it('refuses ids that are not UUIDs', () => {
    for (const id of [
      'abc',
      '',
      ID.toUpperCase().slice(1),
      `${ID} `,
      ID.replace(/-/g, ''),
      "1' OR '1'='1",
      '00000000-0000-0000-0000-00000000000g',
    ]) {
      expect(decodeCursor(encodeCursor(['2027-01-01T00:00:00.000Z', id]), SHAPE)).toBeNull();
    }
    expect(decodeCursor(raw(JSON.stringify(['2027-01-01T00:00:00.000Z', 7])), SHAPE)).toBeNull();
  });
});
