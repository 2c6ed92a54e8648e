/**
 * Rate limits shared by every process on one store.
 *
 * Services and the HTTP edge both use this surface:
 *
 *   const limiter = services.limits.limiter('verify');   // a rule from rules.ts
 *   await limiter.consume(key);   // counts one hit; throws RateLimitedError (429 + Retry-After) when over
 *
 * For attempts where only failures count ("N wrong passwords per account"):
 *
 *   await limiter.check(key);     // throws RateLimitedError once the key has used its points; counts nothing
 *   ... on a wrong password:  await limiter.fail(key);   // counts one; throws when this one goes over
 *   ... on success:           await limiter.reset(key);  // optional: forget earlier failures
 *
 * Keys are the caller's choice: `account:<handle>`, `peer:<host>`, or, at the
 * HTTP edge, the client address (`clientKey(req)` in `src/http/rate-limit.ts`,
 * which also offers the `rateLimit(limiter)` middleware). A new kind of limit
 * is one line in `rules.ts`; operators tune every rule with
 * `HALLMARK_RATE_LIMITS` (README). The counting itself is
 * rate-limiter-flexible's (`store-limiter.ts`), over the storage port's
 * counters; lapsed counters are purged every few minutes.
 */
import {RateLimitedError} from '../errors.ts';
import type {Store} from '../store/port.ts';
import {LIMIT_DEFAULTS, type LimitName, type LimitRule, type LimitRules} from './rules.ts';
import {StoreLimiter, isLimiterResult} from './store-limiter.ts';

export {LIMIT_DEFAULTS, isLimitName, type LimitName, type LimitRule, type LimitRules} from './rules.ts';

const PURGE_EVERY_MS = 5 * 60_000;

export interface Limiter {
  readonly name: LimitName;
  readonly rule: LimitRule;
  /** Counts `cost` hits for `key`; throws RateLimitedError when that goes over the rule. */
  consume(key: string, cost?: number): Promise<void>;
  /** Throws RateLimitedError when `key` has already spent its points; counts nothing. */
  check(key: string): Promise<void>;
  /** Counts one failure for `key`; throws RateLimitedError when this one goes over. */
  fail(key: string): Promise<void>;
  /** Forgets what `key` has spent. */
  reset(key: string): Promise<void>;
}

export class RateLimits {
  readonly #store: Store;
  readonly #rules: LimitRules;
  readonly #limiters = new Map<LimitName, Limiter>();
  readonly #onRefuse: (name: LimitName) => void;
  #purgedAt = Date.now();

  /** `onRefuse` hears of every refusal (metrics). */
  constructor(store: Store, rules: Partial<LimitRules> = {}, onRefuse: (name: LimitName) => void = () => {}) {
    this.#store = store;
    this.#rules = {...LIMIT_DEFAULTS, ...rules};
    this.#onRefuse = onRefuse;
  }

  limiter(name: LimitName): Limiter {
    let limiter = this.#limiters.get(name);
    if (limiter === undefined) {
      const rule = this.#rules[name];
      limiter = rule.points === 0 ? unlimited(name, rule) : this.#storeLimiter(name, rule);
      this.#limiters.set(name, limiter);
    }
    return limiter;
  }

  #storeLimiter(name: LimitName, rule: LimitRule): Limiter {
    const counting = new StoreLimiter({counters: this.#store.counters, keyPrefix: `rl:${name}`, points: rule.points, durationSeconds: rule.durationSeconds});
    const refuse = (msBeforeNext: number) => {
      this.#onRefuse(name);
      return new RateLimitedError(`too many requests (${name}: at most ${rule.points} in ${rule.durationSeconds} s); try again later`, msBeforeNext / 1000);
    };
    const counted = async (work: () => Promise<unknown>) => {
      this.#purgeNowAndThen();
      try {
        await work();
      } catch (error) {
        if (isLimiterResult(error)) throw refuse(error.msBeforeNext);
        throw error;
      }
    };
    return {
      name,
      rule,
      consume: (key, cost = 1) => counted(() => counting.consume(key, cost)),
      fail: (key) => counted(() => counting.consume(key, 1)),
      async check(key) {
        const spent = await counting.get(key);
        if (spent !== null && spent.consumedPoints >= rule.points) throw refuse(spent.msBeforeNext);
      },
      async reset(key) {
        await counting.delete(key);
      },
    };
  }

  /** Lapsed counters are only garbage; removing them now and then keeps the table small. */
  #purgeNowAndThen(): void {
    const now = Date.now();
    if (now - this.#purgedAt < PURGE_EVERY_MS) return;
    this.#purgedAt = now;
    this.#store.counters.purge().catch(() => {
      // A failed purge leaves garbage for the next one; the limit itself is unaffected.
    });
  }
}

function unlimited(name: LimitName, rule: LimitRule): Limiter {
  const nothing = async () => {};
  return {name, rule, consume: nothing, check: nothing, fail: nothing, reset: nothing};
}
