import { parseByteRange } from './byte-range';

describe('parseByteRange', () => {
  const size = 1000;

  it('reads the three forms of one range, the end clipped to the file', () => {
    expect(parseByteRange('bytes=0-99', size)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=500-', size)).toEqual({ start: 500, end: 999 });
    expect(parseByteRange('bytes=-100', size)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=990-5000', size)).toEqual({ start: 990, end: 999 });
    expect(parseByteRange('bytes=-5000', size)).toEqual({ start: 0, end: 999 });
    expect(parseByteRange('BYTES = 10 - 20', size)).toEqual({ start: 10, end: 20 });
  });

  it('says unsatisfiable for a start at or past the end and for an empty suffix', () => {
    expect(parseByteRange('bytes=1000-', size)).toBe('UNSATISFIABLE');
    expect(parseByteRange('bytes=5000-6000', size)).toBe('UNSATISFIABLE');
    expect(parseByteRange('bytes=-0', size)).toBe('UNSATISFIABLE');
  });

  it('ignores what it does not serve (the whole file is answered)', () => {
    for (const header of [undefined, '', 'bytes=', 'bytes=-', 'items=0-1', 'bytes=0-1,5-6', 'bytes=9-3', 'bytes=a-b'])
      expect(parseByteRange(header, size)).toBeNull();
  });
});
