/**
 * Group commit for a statement that many concurrent jobs make one row at a time (the reminders' facts, the mail
 * ledger's claim and its SENT mark). A call waits only for the end of the event loop's current turn (setImmediate):
 * the jobs whose previous step finished in the same turn (the rows of one batch, the replies read together from one
 * socket) make their calls in that turn and go out as one statement, one commit. The calls made while a batch is in
 * flight wait and then run together as the next one. Under load a batch gathers about as many rows as there are jobs
 * at that step; a lone call waits for nothing but the end of the turn. Each caller still gets its own answer, only
 * after its row is committed. A batch that fails is run again row by row, so that one bad row fails only its own call.
 */
export class Coalescer<I, O> {
  private waiting: { input: I; resolve: (output: O) => void; reject: (err: unknown) => void }[] = [];
  /** A batch is in flight, or one is about to start (at the end of this turn). */
  private busy = false;

  constructor(
    /** Runs a batch; returns one output per input, in order. */
    private readonly runBatch: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch = 100,
  ) {}

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.busy) {
        this.busy = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      for (let first = true; this.waiting.length; first = false) {
        // After a batch, the rest of the turn too: the calls of the jobs whose replies came with its own join.
        if (!first) await new Promise((resolve) => setImmediate(resolve));
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
