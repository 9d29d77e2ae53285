import { OperationNames, OTHER_OPERATION } from './operation-names';

describe('OperationNames', () => {
  it('admits the first names up to the limit, then answers other', () => {
    const names = new OperationNames(3);
    expect(['a', 'b', 'a', 'c', 'd', 'b'].map((n) => names.labelOf(n))).toEqual([
      'a',
      'b',
      'a',
      'c',
      OTHER_OPERATION,
      'b',
    ]);
  });

  it('always admits the schema’s root fields, without spending the limit on them', () => {
    const names = new OperationNames(1);
    names.know(['enrol', 'sessions']);
    expect(names.labelOf('x1')).toBe('x1');
    expect(names.labelOf('x2')).toBe(OTHER_OPERATION);
    expect(names.labelOf('enrol')).toBe('enrol');
    expect(names.labelOf('sessions')).toBe('sessions');
  });

  it('keeps 1,000 distinct names to the limit and one shared label', () => {
    const names = new OperationNames(10);
    const labels = new Set(Array.from({ length: 1000 }, (_, i) => names.labelOf(`op${i}`)));
    expect(labels.size).toBe(11);
    expect(labels.has(OTHER_OPERATION)).toBe(true);
  });

  it('labels unnamed and over-long names other', () => {
    const names = new OperationNames(10);
    expect(names.labelOf(undefined)).toBe(OTHER_OPERATION);
    expect(names.labelOf(null)).toBe(OTHER_OPERATION);
    expect(names.labelOf('')).toBe(OTHER_OPERATION);
    expect(names.labelOf('x'.repeat(101))).toBe(OTHER_OPERATION);
    expect(names.labelOf('x'.repeat(100))).toBe('x'.repeat(100));
  });
});
