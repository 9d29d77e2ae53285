import { Coalescer } from './coalescer';

const endOfTurn = () => new Promise((r) => setImmediate(r));

/** A batch runner that holds each batch until released, recording the batches it was given. */
function gate() {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const run = (inputs: number[]): Promise<number[]> => {
    batches.push(inputs);
    return new Promise((resolve, reject) =>
      releases.push(() => (inputs.includes(-1) ? reject(new Error('bad row')) : resolve(inputs.map((n) => n * 10)))),
    );
  };
  const releaseNext = async () => {
    while (!releases.length) await endOfTurn();
    releases.shift()!();
    // The answers, then the turn the next batch waits for.
    await endOfTurn();
    await endOfTurn();
  };
  return { batches, run, releaseNext };
}

describe('Coalescer', () => {
  it('runs a lone call by itself at the end of the turn', async () => {
    const g = gate();
    const c = new Coalescer(g.run);
    const answer = c.run(1);
    expect(g.batches).toEqual([]);
    await endOfTurn();
    expect(g.batches).toEqual([[1]]);
    await g.releaseNext();
    await expect(answer).resolves.toBe(10);
  });

  it('gathers the calls of one turn into one batch, each caller getting its own answer', async () => {
    const g = gate();
    const c = new Coalescer(g.run);
    const all = [1, 2, 3].map((n) => c.run(n));
    await endOfTurn();
    expect(g.batches).toEqual([[1, 2, 3]]);
    await g.releaseNext();
    await expect(Promise.all(all)).resolves.toEqual([10, 20, 30]);
  });

  it('gathers the calls made while a batch is in flight into one next batch, each caller getting its own answer', async () => {
    const g = gate();
    const c = new Coalescer(g.run);
    const first = c.run(1);
    await endOfTurn();
    const rest = [2, 3, 4].map((n) => c.run(n));
    expect(g.batches).toEqual([[1]]);
    await g.releaseNext();
    expect(g.batches).toEqual([[1], [2, 3, 4]]);
    await g.releaseNext();
    await expect(first).resolves.toBe(10);
    await expect(Promise.all(rest)).resolves.toEqual([20, 30, 40]);
  });

  it('never puts more than maxBatch inputs in one batch', async () => {
    const g = gate();
    const c = new Coalescer(g.run, 2);
    const all = [1, 2, 3, 4, 5].map((n) => c.run(n));
    for (let i = 0; i < 3; i++) await g.releaseNext();
    await expect(Promise.all(all)).resolves.toEqual([10, 20, 30, 40, 50]);
    expect(g.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('runs a failed batch again row by row, so that only the bad row fails', async () => {
    const g = gate();
    const c = new Coalescer(g.run);
    const first = c.run(1);
    await endOfTurn();
    const [good, bad, alsoGood] = [2, -1, 3].map((n) => c.run(n));
    const badFails = expect(bad).rejects.toThrow('bad row'); // awaited below; attached now, before it rejects
    await g.releaseNext(); // [1]
    await g.releaseNext(); // [2, -1, 3] fails
    for (let i = 0; i < 3; i++) await g.releaseNext(); // [2], [-1], [3]
    await expect(first).resolves.toBe(10);
    await expect(good).resolves.toBe(20);
    await badFails;
    await expect(alsoGood).resolves.toBe(30);
    expect(g.batches).toEqual([[1], [2, -1, 3], [2], [-1], [3]]);
  });

  it('keeps working after a lone call failed', async () => {
    const g = gate();
    const c = new Coalescer(g.run);
    const bad = c.run(-1);
    await g.releaseNext();
    await expect(bad).rejects.toThrow('bad row');
    const next = c.run(5);
    await g.releaseNext();
    await expect(next).resolves.toBe(50);
  });
});
