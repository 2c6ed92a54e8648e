/**
 * rate-limiter-flexible over the storage port's counters, so every process
 * on one store shares the counts. The library keeps the rate-limit logic
 * (points, windows, blocking, the `RateLimiterRes` it reports); this class
 * only tells it how to read and write a counter, the four hooks its
 * `RateLimiterStoreAbstract` documents (`_upsert`, `_get`, `_delete`,
 * `_getRateLimiterRes`).
 */
import rateLimiterFlexible from 'rate-limiter-flexible';
import RateLimiterStoreAbstract from 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js';
import type {CounterState, Counters} from '../store/port.ts';

const {RateLimiterRes} = rateLimiterFlexible;
type RateLimiterResult = InstanceType<typeof RateLimiterRes>;

export interface StoreLimiterOptions {
  counters: Counters;
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

export class StoreLimiter extends RateLimiterStoreAbstract {
  readonly #counters: Counters;

  constructor(options: StoreLimiterOptions) {
    super({storeClient: options.counters, keyPrefix: options.keyPrefix, points: options.points, duration: options.durationSeconds});
    this.#counters = options.counters;
  }

  /** forceExpire: set the counter to `points` for `msDuration` whatever it held (the library's block and set). */
  _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false): Promise<CounterState> {
    return this.#counters.add(rlKey, points, {ttlMs: Math.max(0, Math.round(msDuration)), restart: forceExpire});
  }

  _get(rlKey: string): Promise<CounterState | null> {
    return this.#counters.get(rlKey);
  }

  _delete(rlKey: string): Promise<boolean> {
    return this.#counters.delete(rlKey);
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, state: CounterState): RateLimiterResult {
    const consumed = state.value;
    const msBeforeNext = state.expiresAt === null ? -1 : Math.max(state.expiresAt - Date.now(), 0);
    return new RateLimiterRes(Math.max(this.points - consumed, 0), msBeforeNext, consumed, consumed === changedPoints);
  }
}

export function isLimiterResult(value: unknown): value is RateLimiterResult {
  return value instanceof RateLimiterRes;
}
