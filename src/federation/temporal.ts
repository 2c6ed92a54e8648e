/**
 * Fedify speaks Temporal, which Node 22 does not have yet: it brings the
 * @js-temporal polyfill, and so do we. The polyfill's types differ in detail
 * from the ones TypeScript's lib declares (which Fedify's signatures name),
 * so values cross over here, once.
 */
import {Temporal as Polyfill} from '@js-temporal/polyfill';

export function instant(iso: string): Temporal.Instant {
  return Polyfill.Instant.from(iso) as unknown as Temporal.Instant;
}

export function duration(like: {days?: number; hours?: number; minutes?: number; seconds?: number; milliseconds?: number}): Temporal.Duration {
  return Polyfill.Duration.from(like) as unknown as Temporal.Duration;
}
