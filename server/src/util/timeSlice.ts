/**
 * Long work in the language server (a workspace check) runs in slices: between
 * two, the event loop reads incoming messages, so a cancellation is seen and
 * other requests are answered. A slice ends after `items` steps or `ms`
 * milliseconds, whichever comes first.
 */
export class TimeSlice {
  private started = performance.now();
  private steps = 0;

  constructor(
    private readonly items = 20,
    private readonly ms = 10,
  ) {}

  /** Counts one step; true when the slice is over (then await `yieldToEventLoop()`). */
  due(): boolean {
    if (++this.steps < this.items && performance.now() - this.started < this.ms) return false;
    this.steps = 0;
    this.started = performance.now();
    return true;
  }
}

/** Resolves once the event loop has gone round: pending I/O (incoming messages) is handled first. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
