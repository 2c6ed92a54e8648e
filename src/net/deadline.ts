import { FetchError } from './errors.ts';

/**
 * One clock for a whole fetch — DNS, connect, headers, body and every
 * redirect hop — so a server cannot stretch the total by answering each
 * stage just in time.
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly #ms: number;
  readonly #timer: NodeJS.Timeout;
  #expired = false;

  constructor(ms: number) {
    const controller = new AbortController();
    this.signal = controller.signal;
    this.#ms = ms;
    this.#timer = setTimeout(() => {
      this.#expired = true;
      controller.abort();
    }, ms);
  }

  get expired(): boolean {
    return this.#expired;
  }

  timeoutError(url: string): FetchError {
    return new FetchError('timeout', url, `fetching ${url} took longer than ${this.#ms} ms`);
  }

  /** Settles with `work`, or rejects at the deadline for work that cannot be cancelled (DNS lookups). */
  race<T>(work: Promise<T>, url: string): Promise<T> {
    if (this.#expired) return Promise.reject(this.timeoutError(url));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(this.timeoutError(url));
      this.signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => this.signal.removeEventListener('abort', onAbort));
    });
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}
