/**
 * Fedify's MessageQueue over the storage port's durable queues. Messages are
 * leased, not popped: a process that dies while handling one leaves the lease
 * to expire, and the message runs again. Messages that carry private keys
 * (Fedify's outbox and fan-out tasks hold the sender's key pairs) are sealed
 * with the master secret before they are stored, and acknowledged messages are
 * deleted.
 *
 * A task can be taken over by a `route`: outbox deliveries are sent by our own
 * deliverer (delivery.ts) through the hardened fetcher, and say when to try
 * again, so a retry keeps the same stored message and its first attempt time.
 */
import type {MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions} from '@fedify/fedify';
import type {KeyVault, SealedSecret} from '../credentials/key-vault.ts';
import type {QueueMessage, Queues} from '../store/port.ts';

/** The store queue Fedify's tasks (deliveries, inbox processing, fan-out) live in. */
export const FEDERATION_QUEUE = 'federation';

type StoredTask = {sealed: SealedSecret} | {plain: unknown};

/** Handles a task itself; resolves with when to try again, or null when it is done for good. */
export type TaskRoute = (task: unknown, attempts: number) => Promise<Date | null>;

export interface StoreMessageQueueOptions {
  queues: Queues;
  vault: KeyVault;
  /** The store queue's name. */
  name: string;
  /** Tasks that are not Fedify's to run: return a route for them, or null. */
  route?: (task: unknown) => TaskRoute | null;
  leaseMs?: number;
  /** How often an idle worker looks again (enqueues in this process wake it at once). */
  pollMs?: number;
  /** Tasks handled at once. */
  concurrency?: number;
  onError?: (error: unknown) => void;
}

/** A task Fedify's own handler keeps failing is dropped after this many attempts. */
const MAX_HANDLER_ATTEMPTS = 12;

export class StoreMessageQueue implements MessageQueue {
  readonly nativeRetrial = false;
  readonly #options: Required<Omit<StoreMessageQueueOptions, 'route'>> & Pick<StoreMessageQueueOptions, 'route'>;
  readonly #waiting = new Set<() => void>();

  constructor(options: StoreMessageQueueOptions) {
    this.#options = {leaseMs: 60_000, pollMs: 500, concurrency: 4, onError: (error) => console.error('federation queue:', error), ...options};
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    const delay = Math.max(0, options?.delay?.total({unit: 'millisecond'}) ?? 0);
    await this.#options.queues.enqueue<StoredTask>(this.#options.name, this.#seal(message), {runAt: new Date(Date.now() + delay)});
    this.#wake();
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    for (const message of messages) await this.enqueue(message, options);
  }

  async listen(handler: (message: unknown) => Promise<void> | void, options: MessageQueueListenOptions = {}): Promise<void> {
    const {signal} = options;
    const worker = async () => {
      while (!signal?.aborted) {
        let leased: QueueMessage<StoredTask> | null = null;
        try {
          leased = await this.#options.queues.lease<StoredTask>(this.#options.name, this.#options.leaseMs);
        } catch (error) {
          this.#options.onError(error);
        }
        if (leased === null) {
          await this.#idle(signal);
          continue;
        }
        await this.#run(leased, handler);
      }
    };
    await Promise.all(Array.from({length: this.#options.concurrency}, worker));
  }

  async #run(leased: QueueMessage<StoredTask>, handler: (message: unknown) => Promise<void> | void): Promise<void> {
    const {queues} = this.#options;
    let task: unknown;
    try {
      task = this.#open(leased.payload);
    } catch (error) {
      // Sealed under another master secret, or damaged: it can never run.
      this.#options.onError(new Error(`dropping queued task ${leased.id}: it cannot be opened`, {cause: error}));
      await queues.ack(leased);
      return;
    }
    const route = this.#options.route?.(task) ?? null;
    try {
      if (route !== null) {
        const retryAt = await route(task, leased.attempts);
        if (retryAt === null) await queues.ack(leased);
        else await queues.release(leased, retryAt);
        return;
      }
      await handler(task);
      await queues.ack(leased);
    } catch (error) {
      this.#options.onError(error);
      if (leased.attempts + 1 >= MAX_HANDLER_ATTEMPTS) await queues.ack(leased);
      else await queues.release(leased, new Date(Date.now() + Math.min(2 ** leased.attempts * 1000, 3_600_000)));
    }
  }

  #seal(message: unknown): StoredTask {
    if (!carriesKeys(message)) return {plain: message};
    return {sealed: this.#options.vault.seal(JSON.stringify(message), this.#aad())};
  }

  #open(stored: StoredTask): unknown {
    if ('sealed' in stored) return JSON.parse(this.#options.vault.open(stored.sealed, this.#aad()));
    return stored.plain;
  }

  #aad(): string {
    return `federation-queue:${this.#options.name}`;
  }

  #idle(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.#options.pollMs);
      this.#waiting.add(done);
      signal?.addEventListener('abort', done, {once: true});
    });
  }

  #wake(): void {
    for (const waiting of [...this.#waiting]) waiting();
  }
}

/** Fedify's outbox and fan-out tasks carry the sender's private keys as JWKs under `keys`. */
function carriesKeys(message: unknown): boolean {
  return typeof message === 'object' && message !== null && 'keys' in message;
}
