/**
 * Status announcements, made durable. Before a status write, the intent to
 * announce it is queued (with the status as it was); a worker then waits for
 * the write to show and announces the list (Update), so a crash between the
 * write and the announcement leaves the job to be done after the restart. A
 * job whose write never shows (refused, or the process died before it) is
 * dropped after a while. Announcing twice is harmless: receivers re-fetch the
 * list and re-verify, which gives the same result.
 *
 * This uses the store's queues directly (leases, idempotent steps): the
 * shared durable-jobs module (src/jobs/) had not landed when it was written.
 */
import type {CredentialRecord, CredentialRecords} from '../credentials/credential-records.ts';
import type {CredentialStatusService, StatusUpdate} from '../credentials/credential-status.ts';
import {canonicalJson} from '../json.ts';
import type {QueueMessage, Queues} from '../store/port.ts';

export const ANNOUNCEMENT_QUEUE = 'federation-announcements';

interface AnnouncementJob {
  credentialId: string;
  /** The status before the write, as canonical JSON. */
  before: string;
  queuedAt: string;
}

/** A write that has not shown after this long is not coming. */
const GIVE_UP_MS = 60_000;
const RECHECK_MS = 250;
const LEASE_MS = 60_000;

export interface AnnouncementDependencies {
  queues: Queues;
  records: CredentialRecords;
  status: CredentialStatusService;
  /** Announces the record's status list to its community's followers (a no-op for a community nobody follows). */
  announce: (record: CredentialRecord) => Promise<void>;
  log: (message: string) => void;
  /** The store queue (tests use their own). */
  queue?: string;
  /** How long to wait for a write to show before dropping the job. */
  giveUpMs?: number;
}

export class StatusAnnouncements {
  readonly #deps: AnnouncementDependencies;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(deps: AnnouncementDependencies) {
    this.#deps = deps;
  }

  get #queue(): string {
    return this.#deps.queue ?? ANNOUNCEMENT_QUEUE;
  }

  /** Works through what is due now and resolves when done (tests; the timer calls it otherwise). */
  async drain(): Promise<void> {
    this.wake();
    await this.#running;
  }

  /** Records the intent to announce, before the write. */
  async intend(record: CredentialRecord, before: StatusUpdate): Promise<void> {
    const job: AnnouncementJob = {credentialId: record.credentialId, before: canonicalJson(before.credentialStatus), queuedAt: new Date().toISOString()};
    await this.#deps.queues.enqueue(this.#queue, job);
  }

  /** Works through due jobs now (after a write in this process, or at start), and every few seconds. */
  wake(): void {
    if (this.#stopped) return;
    this.#running ??= this.#drain().finally(() => {
      this.#running = null;
    });
  }

  start(): void {
    this.#timer = setInterval(() => this.wake(), 2_000);
    this.#timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) clearInterval(this.#timer);
    await this.#running;
  }

  async #drain(): Promise<void> {
    const {queues, log} = this.#deps;
    const deferred: Array<{message: QueueMessage<AnnouncementJob>; at: Date}> = [];
    try {
      for (;;) {
        const message = await queues.lease<AnnouncementJob>(this.#queue, LEASE_MS);
        if (message === null) break;
        try {
          const retryAt = await this.#handle(message.payload);
          if (retryAt === null) await queues.ack(message);
          else deferred.push({message, at: retryAt});
        } catch (error) {
          log(`status announcement failed: ${(error as Error).message}`);
          deferred.push({message, at: new Date(Date.now() + 5_000 * 2 ** Math.min(message.attempts, 8))});
        }
      }
    } finally {
      // Released only now, so one pass does not lease the same waiting job again and again.
      for (const {message, at} of deferred) await queues.release(message, at);
    }
  }

  /** Null when done with the job, or when to look again. */
  async #handle(job: AnnouncementJob): Promise<Date | null> {
    let uuid: string;
    try {
      uuid = this.#deps.records.uuidOf(job.credentialId);
    } catch {
      return null;
    }
    const record = await this.#deps.records.find(uuid);
    if (record === null) return null;
    const now = canonicalJson((await this.#deps.status.current(record)).credentialStatus);
    if (now === job.before) {
      return Date.now() - Date.parse(job.queuedAt) > (this.#deps.giveUpMs ?? GIVE_UP_MS) ? null : new Date(Date.now() + RECHECK_MS);
    }
    await this.#deps.announce(record);
    return null;
  }
}
