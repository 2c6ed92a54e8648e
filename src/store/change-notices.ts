/**
 * Change notices through the store: a counter per topic that every process
 * serving one store can read. A writer announces after each change; a
 * process that caches derived state reads the counter per request and drops
 * its cache when the number moved, so a change made by any process shows on
 * the next request everywhere.
 */
import type {Counters} from './port.ts';

export class ChangeNotices {
  readonly #counters: Counters;
  readonly #key: string;

  constructor(counters: Counters, topic: string) {
    this.#counters = counters;
    this.#key = `notice:${topic}`;
  }

  async announce(): Promise<void> {
    await this.#counters.add(this.#key, 1, {ttlMs: 0});
  }

  /** Grows with every announcement; 0 before the first. */
  async current(): Promise<number> {
    return (await this.#counters.get(this.#key))?.value ?? 0;
  }
}
