import type { DestinationStream } from 'pino';

/** A pino destination that keeps the JSON lines a test app writes, to read them back (instead of stdout). */
export class LogCapture implements DestinationStream {
  readonly lines: string[] = [];

  write(chunk: string): void {
    for (const line of chunk.split('\n')) if (line) this.lines.push(line);
  }

  /** Lines written from now on: `since(mark)` with `mark = capture.mark()`. */
  mark(): number {
    return this.lines.length;
  }

  since(mark = 0): string[] {
    return this.lines.slice(mark);
  }

  entries(mark = 0): Record<string, any>[] {
    return this.since(mark).map((line) => JSON.parse(line));
  }
}
