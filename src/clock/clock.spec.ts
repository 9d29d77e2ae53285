import { Clock, FixedClock } from './clock';

describe('Clock', () => {
  it('reads the wall clock', () => {
    const before = Date.now();
    const now = new Clock().nowMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('stands still when fixed, and moves only when told', () => {
    const clock = new FixedClock(new Date('2030-01-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
    clock.advance(1500);
    expect(clock.nowMs()).toBe(Date.parse('2030-01-01T00:00:01.500Z'));
    clock.set(new Date('2031-06-01T12:00:00Z'));
    expect(clock.now().toISOString()).toBe('2031-06-01T12:00:00.000Z');
  });

  it('hands out copies, so a caller cannot move it by mutating a date', () => {
    const clock = new FixedClock(new Date('2030-01-01T00:00:00Z'));
    clock.now().setFullYear(1999);
    expect(clock.now().getUTCFullYear()).toBe(2030);
  });
});
