import { Injectable } from '@nestjs/common';

/**
 * The time as the services see it. One provider for the whole application (see ClockModule), so that a test can
 * replace it with a clock it sets, instead of waiting for the wall clock and allowing it slack.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Milliseconds since the epoch, as `now()` gives them. */
  nowMs(): number {
    return this.now().getTime();
  }
}

/** A clock that stands still until told to move: for tests. */
export class FixedClock extends Clock {
  constructor(private at: Date = new Date()) {
    super();
  }

  override now(): Date {
    return new Date(this.at.getTime());
  }

  set(at: Date): void {
    this.at = new Date(at.getTime());
  }

  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}
