/**
 * Sends Fedify's queued outbox tasks ourselves, through the hardened
 * fetcher, signed with the sender's RSA key (draft-cavage: what every
 * fediverse server accepts). Fedify would send them with the global fetch,
 * which knows nothing of our address policy. A failure is retried on a
 * growing schedule for about three days from the first attempt; a 404 or 410
 * means the follower is gone, so its follow records are dropped with the task.
 */
import {importJwk} from '@fedify/fedify/sig';
import type {webcrypto} from 'node:crypto';
import type {Fetcher} from '../net/fetcher.ts';
import type {FederationLoaders} from './loaders.ts';
import {signedHeaders} from './loaders.ts';
import type {TaskRoute} from './queue.ts';

/** The parts of Fedify's OutboxMessage this reads (checked, not trusted: it comes back from the store). */
export interface OutboxTask {
  type: 'outbox';
  keys: Array<{keyId: string; privateKey: webcrypto.JsonWebKey}>;
  activity: unknown;
  activityId?: string;
  inbox: string;
  started: string;
  headers?: Record<string, string>;
}

export interface DeliveryDependencies {
  fetcher: Fetcher;
  loaders: FederationLoaders;
  /** A follower's inbox answered 404 or 410. */
  onGone: (inbox: string) => Promise<void>;
  onDelivered?: (task: OutboxTask, status: number) => void;
  log?: (message: string) => void;
}

export const DELIVERY_WINDOW_MS = 3 * 24 * 3_600_000;
/** 1 s, 4 s, 16 s, about 1 min, 4 min, 17 min, 68 min, then every 4 h and a half until the window closes. */
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 4.5 * 3_600_000;

export function isOutboxTask(task: unknown): task is OutboxTask {
  if (typeof task !== 'object' || task === null) return false;
  const candidate = task as Partial<OutboxTask>;
  return candidate.type === 'outbox' && Array.isArray(candidate.keys) && typeof candidate.inbox === 'string' && typeof candidate.started === 'string';
}

/** When to try again after `attempts` failures, or null when the delivery window has closed. */
export function nextAttempt(started: Date, attempts: number, now = new Date()): Date | null {
  const delay = Math.min(BACKOFF_BASE_MS * 4 ** attempts, BACKOFF_CAP_MS);
  const at = new Date(now.getTime() + delay);
  return at.getTime() - started.getTime() > DELIVERY_WINDOW_MS ? null : at;
}

export class Deliverer {
  readonly #deps: DeliveryDependencies;

  constructor(deps: DeliveryDependencies) {
    this.#deps = deps;
  }

  readonly route: TaskRoute = async (task, attempts) => {
    if (!isOutboxTask(task)) return null;
    const log = this.#deps.log ?? (() => {});
    const started = new Date(task.started);
    try {
      await this.#deps.loaders.assertReachable(task.inbox);
    } catch (error) {
      log(`not delivering to ${task.inbox}: ${(error as Error).message}`);
      return null;
    }
    const rsa = task.keys.find((pair) => pair.privateKey.kty === 'RSA');
    if (rsa === undefined) {
      log(`not delivering ${task.activityId ?? 'an activity'}: no RSA key to sign with`);
      return null;
    }
    const identity = {keyId: new URL(rsa.keyId), privateKey: await importJwk(rsa.privateKey, 'private')};
    let status: number;
    try {
      const response = await this.#deps.fetcher.send(task.inbox, {
        method: 'POST',
        headers: {...(task.headers ?? {}), 'content-type': 'application/activity+json'},
        body: JSON.stringify(task.activity),
        accept: 'application/activity+json, application/json;q=0.5, */*;q=0.1',
        maxBytes: 64 * 1024,
        sign: (hop) => signedHeaders(hop, identity),
      });
      status = response.status;
    } catch (error) {
      log(`delivery of ${task.activityId ?? 'an activity'} to ${task.inbox} failed: ${(error as Error).message}`);
      return nextAttempt(Number.isNaN(started.getTime()) ? new Date() : started, attempts);
    }
    if (status >= 200 && status < 300) {
      this.#deps.onDelivered?.(task, status);
      return null;
    }
    if (status === 404 || status === 410) {
      log(`${task.inbox} answered ${status}: dropping the followers behind it`);
      await this.#deps.onGone(task.inbox);
      return null;
    }
    log(`delivery of ${task.activityId ?? 'an activity'} to ${task.inbox} answered ${status}; will retry`);
    return nextAttempt(Number.isNaN(started.getTime()) ? new Date() : started, attempts);
  };
}
