/**
 * Runs `task` every `intervalSeconds` (0 disables). The timer is unref'd so
 * it never keeps the process alive, and runs never overlap: a slow sweep
 * delays the next one instead of stacking up behind it.
 */
export class Sweeper {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;
  readonly #intervalMs: number;
  readonly #task: () => Promise<unknown>;

  constructor(intervalSeconds: number, task: () => Promise<unknown>) {
    this.#intervalMs = intervalSeconds * 1000;
    this.#task = task;
  }

  start(): void {
    if (this.#intervalMs === 0 || this.#stopped || this.#timer) return;
    this.#schedule();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#running = this.#task()
        .then(() => undefined, (error: unknown) => console.error('policy sweep failed:', error))
        .finally(() => {
          this.#running = null;
          if (!this.#stopped) this.#schedule();
        });
    }, this.#intervalMs);
    this.#timer.unref();
  }
}
