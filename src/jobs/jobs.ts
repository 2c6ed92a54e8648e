/**
 * Durable work. A change that takes several writes is first recorded as an
 * intent (one queue message: a single-document write), then its steps run
 * at once in the request that asked for it, and the intent is completed. A
 * crash anywhere leaves the intent behind; the runner picks it up at start
 * and every `pollMs` after, and runs the same steps again. So every step is
 * idempotent and safe to run twice at once: it reads where things stand and
 * does only what is still missing (derived keys, compare-and-set).
 *
 * An intent waits `graceMs` before the runner may take it, so that the
 * request finishing it normally is not raced; a handler that throws is
 * retried with backoff, never dropped (a stuck one is logged at every try).
 */
import type {QueueMessage, Queues} from '../store/port.ts';

export const JOBS_QUEUE = 'jobs';

/** One kind of durable work. `run` must be idempotent; returning normally means done (or no longer applicable). */
export type JobHandler<P> = (payload: P) => Promise<void>;

interface JobMessage {
  kind: string;
  payload: unknown;
}

export interface JobsOptions {
  /** How often the runner looks for unfinished intents (0: only when drained by hand). */
  pollMs?: number;
  /** How long a runner holds an intent before another may take it over. */
  leaseMs?: number;
  /** How long a fresh intent is left to the request that recorded it. */
  graceMs?: number;
  log?: (message: string) => void;
  /** The store queue (tests use their own). */
  queue?: string;
}

const STUCK_AFTER = 20;
const MAX_BACKOFF_MS = 5 * 60_000;

export class Jobs {
  readonly #queues: Queues;
  readonly #handlers = new Map<string, JobHandler<never>>();
  readonly #pollMs: number;
  readonly #leaseMs: number;
  readonly #graceMs: number;
  readonly #log: (message: string) => void;
  readonly #queue: string;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(queues: Queues, options: JobsOptions = {}) {
    this.#queues = queues;
    this.#pollMs = options.pollMs ?? 1000;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#graceMs = options.graceMs ?? 2000;
    this.#log = options.log ?? ((message) => console.error(message));
    this.#queue = options.queue ?? JOBS_QUEUE;
  }

  /** Registers the steps of one kind of work; every kind must be defined before `start`. */
  define<P>(kind: string, handler: JobHandler<P>): void {
    if (this.#handlers.has(kind)) throw new Error(`job kind ${kind} is defined twice`);
    this.#handlers.set(kind, handler as JobHandler<never>);
  }

  /**
   * Records the intent durably, runs its steps now and completes it. With a
   * `key` (derived from what the change is, so a client's retry derives the
   * same one) a second call finds the first intent and runs its steps again,
   * which finishes whatever a crash left undone.
   */
  async perform<P>(kind: string, payload: P, key?: string): Promise<void> {
    const id = await this.record(kind, payload, key);
    await this.#handler<P>(kind)(payload);
    await this.#queues.complete(this.#queue, id);
  }

  /**
   * Records the intent, runs `steps` (the same work the kind's handler does,
   * with what the caller already has at hand) and completes it. Use when the
   * caller needs the steps' result; a crash leaves the handler to finish.
   */
  async run<P, T>(kind: string, payload: P, steps: () => Promise<T>): Promise<T> {
    const id = await this.record(kind, payload);
    const result = await steps();
    await this.#queues.complete(this.#queue, id);
    return result;
  }

  /** Records the intent only; the runner does the work (soon, or after a restart). */
  async record<P>(kind: string, payload: P, key?: string): Promise<string> {
    this.#handler(kind);
    const runAt = new Date(Date.now() + this.#graceMs);
    return this.#queues.enqueue<JobMessage>(this.#queue, {kind, payload}, {runAt, ...(key === undefined ? {} : {idempotencyKey: `${kind}:${key}`})});
  }

  /** Resumes at once, then every `pollMs`. */
  start(): void {
    if (this.#stopped || this.#timer || this.#running) return;
    this.#tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** Runs every intent due by `now` (tests pass a later time to skip the grace period); returns how many ran. */
  async drain(now?: Date): Promise<number> {
    let ran = 0;
    for (;;) {
      const message = await this.#queues.lease<JobMessage>(this.#queue, this.#leaseMs, now);
      if (!message) return ran;
      await this.#runOne(message, now ?? new Date());
      ran++;
    }
  }

  #tick(): void {
    this.#running = this.drain()
      .then(() => undefined, (error: unknown) => this.#log(`jobs: runner failed: ${String(error)}`))
      .finally(() => {
        this.#running = null;
        if (this.#stopped || this.#pollMs === 0) return;
        this.#timer = setTimeout(() => {
          this.#timer = null;
          this.#tick();
        }, this.#pollMs);
        this.#timer.unref();
      });
  }

  async #runOne(message: QueueMessage<JobMessage>, now: Date): Promise<void> {
    const {kind, payload} = message.payload;
    const handler = this.#handlers.get(kind);
    if (!handler) {
      // Work of a kind this version does not know (recorded by a newer one): leave it for a process that does.
      await this.#queues.release(message, new Date(now.getTime() + MAX_BACKOFF_MS));
      return;
    }
    try {
      await handler(payload as never);
      await this.#queues.ack(message);
    } catch (error) {
      // Never dropped: an unfinished intent may be a revocation that our records already promise.
      // Past STUCK_AFTER attempts it is retried at the longest backoff and said to be stuck.
      const stuck = message.attempts + 1 >= STUCK_AFTER ? ' (stuck: it keeps being retried; the jobs queue depth in /metrics shows it)' : '';
      this.#log(`jobs: ${kind} failed (attempt ${message.attempts + 1}), will retry${stuck}: ${String(error)}`);
      await this.#queues.release(message, new Date(now.getTime() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** message.attempts)));
    }
  }

  #handler<P>(kind: string): JobHandler<P> {
    const handler = this.#handlers.get(kind);
    if (!handler) throw new Error(`no job kind ${kind} is defined`);
    return handler as JobHandler<P>;
  }
}
