/**
 * Group commit for a statement that many concurrent jobs make one row at a time (the mail ledger's claim and its
 * SENT mark). The first call runs at once; the calls made while it is in flight wait and then run together as one
 * statement, one commit. Under load a batch gathers about as many rows as there are jobs at that step; a lone call
 * waits for nothing. Each caller still gets its own answer, only after its row is committed. A batch that fails is
 * run again row by row, so that one bad row fails only its own call.
 */
export class Coalescer<I, O> {
  private waiting: { input: I; resolve: (output: O) => void; reject: (err: unknown) => void }[] = [];
  private busy = false;

  constructor(
    /** Runs a batch; returns one output per input, in order. */
    private readonly runBatch: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 100,
  ) {}

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const outputs = await this.runBatch(batch.map((c) => c.input));
          batch.forEach((c, i) => c.resolve(outputs[i]));
        } catch (err) {
          if (batch.length === 1) {
            batch[0].reject(err);
            continue;
          }
          await Promise.all(
            batch.map((c) =>
              this.runBatch([c.input]).then(
                ([output]) => c.resolve(output),
                (e: unknown) => c.reject(e),
              ),
            ),
          );
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
