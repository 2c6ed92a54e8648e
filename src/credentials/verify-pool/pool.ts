import {Worker} from 'node:worker_threads';
import {HallmarkError} from '../../errors.ts';
import {DocumentUnavailableError, VERIFICATION_BUDGET, type DocumentResolver} from '../documents.ts';
import type {VerificationReport} from '../report.ts';
import {verify} from '../verify/index.ts';
import type {FromWorker, PooledOptions, ToWorker} from './messages.ts';

/**
 * verify() on worker threads, for batches (an SBOM check verifies a badge
 * per package): each worker verifies on a core of its own, asking the pool
 * for documents, so storage and the hardened fetcher stay in this thread.
 * Reports are the same as in-process (endorsements are not looked at, as
 * for every batch caller). Workers start on first use; until one is ready,
 * and when the pool has no workers, verification runs in this thread, so
 * a pool never makes a verification wait for a worker to load.
 */
const WORKER_URL = new URL('./worker.ts', import.meta.url);

interface Pending {
  resolve: (report: VerificationReport) => void;
  reject: (error: Error) => void;
}

class PooledWorker {
  readonly worker: Worker;
  ready = false;
  readonly pending = new Map<number, Pending>();
  constructor() {
    this.worker = new Worker(WORKER_URL);
    // An idle pool must not keep the process alive.
    this.worker.unref();
  }
}

/** Workers that die before they are ready, in a row, before the pool stops starting them. */
const MAX_START_FAILURES = 3;

export interface PoolStats {
  workers: number;
  ready: number;
  /** Verifications done by workers, and in this thread (no worker ready, or an input that cannot be sent). */
  inWorkers: number;
  inProcess: number;
}

export class VerificationPool {
  readonly #resolver: DocumentResolver;
  readonly #size: number;
  readonly #workers = new Set<PooledWorker>();
  readonly #readyWaiters: Array<() => void> = [];
  #nextId = 0;
  #closed = false;
  #startFailures = 0;
  #inWorkers = 0;
  #inProcess = 0;

  /** `size` workers (0: always in this thread), resolving documents through `resolver`. */
  constructor(resolver: DocumentResolver, size: number) {
    this.#resolver = resolver;
    this.#size = size;
  }

  get size(): number {
    return this.#size;
  }

  async verify(input: unknown, options: PooledOptions = {}): Promise<VerificationReport> {
    this.#fill();
    const worker = this.#leastBusy();
    if (!worker) return this.#inThisThread(input, options);
    const id = this.#nextId++;
    const report = new Promise<VerificationReport>((resolve, reject) => worker.pending.set(id, {resolve, reject}));
    try {
      worker.worker.postMessage({kind: 'verify', id, input, options} satisfies ToWorker);
    } catch {
      // Not structured-cloneable (not JSON either): the pipeline says what is wrong with it, here.
      worker.pending.delete(id);
      return this.#inThisThread(input, options);
    }
    if (worker.pending.size === 1) worker.worker.ref();
    this.#inWorkers++;
    return report;
  }

  /** Starts the workers and resolves once all are ready (or have failed to start). */
  async ready(): Promise<void> {
    this.#fill();
    while (!this.#closed && [...this.#workers].some((worker) => !worker.ready)) {
      await new Promise<void>((resolve) => this.#readyWaiters.push(resolve));
    }
  }

  stats(): PoolStats {
    const workers = [...this.#workers];
    return {workers: workers.length, ready: workers.filter((worker) => worker.ready).length, inWorkers: this.#inWorkers, inProcess: this.#inProcess};
  }

  #inThisThread(input: unknown, options: PooledOptions): Promise<VerificationReport> {
    this.#inProcess++;
    return verify(input, {...options, resolver: this.#resolver.withBudget(VERIFICATION_BUDGET), endorsements: false});
  }

  /** Stops the workers; verifications still running in them fail. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wakeReadyWaiters();
    await Promise.all([...this.#workers].map((worker) => worker.worker.terminate()));
  }

  #leastBusy(): PooledWorker | undefined {
    let best: PooledWorker | undefined;
    for (const worker of this.#workers) {
      if (worker.ready && (!best || worker.pending.size < best.pending.size)) best = worker;
    }
    return best;
  }

  #fill(): void {
    while (!this.#closed && this.#startFailures < MAX_START_FAILURES && this.#workers.size < this.#size) this.#start();
  }

  #wakeReadyWaiters(): void {
    for (const wake of this.#readyWaiters.splice(0)) wake();
  }

  #start(): void {
    const worker = new PooledWorker();
    this.#workers.add(worker);
    worker.worker.on('message', (message: FromWorker) => this.#receive(worker, message));
    const stopped = (reason: string) => {
      if (!this.#workers.delete(worker)) return;
      if (!worker.ready) this.#startFailures++;
      this.#wakeReadyWaiters();
      for (const {reject} of worker.pending.values()) reject(new Error(`the verification worker stopped (${reason})`));
      worker.pending.clear();
    };
    worker.worker.on('error', (error) => stopped(error.message));
    worker.worker.on('exit', (code) => stopped(`exit code ${code}`));
  }

  #receive(worker: PooledWorker, message: FromWorker): void {
    if (message.kind === 'ready') {
      worker.ready = true;
      this.#startFailures = 0;
      this.#wakeReadyWaiters();
      return;
    }
    if (message.kind === 'document' || message.kind === 'bytes') {
      void this.#answer(worker, message.kind, message.id, message.url);
      return;
    }
    if (message.kind === 'revocation') {
      void this.#answerRevocation(worker, message);
      return;
    }
    const pending = worker.pending.get(message.id);
    if (!pending) return;
    worker.pending.delete(message.id);
    if (worker.pending.size === 0) worker.worker.unref();
    if (message.kind === 'report') pending.resolve(message.report);
    else if (message.kind === 'refused') pending.reject(new HallmarkError(message.error.kind, message.error.message, message.error.problems));
    else pending.reject(new Error(message.message));
  }

  /** A document, or the bytes of a related resource, from this thread's sources (the hardened fetcher among them). */
  async #answer(worker: PooledWorker, kind: 'document' | 'bytes', id: number, url: string): Promise<void> {
    let reply: ToWorker;
    try {
      reply = kind === 'document' ? {kind, id, document: await this.#resolver.resolve(url)} : {kind, id, bytes: await this.#resolver.bytes(url)};
    } catch (error) {
      reply = error instanceof DocumentUnavailableError ? {kind, id, unavailable: error.reason} : {kind, id, failed: error instanceof Error ? error.message : String(error)};
    }
    worker.worker.postMessage(reply);
  }

  async #answerRevocation(worker: PooledWorker, question: Extract<FromWorker, {kind: 'revocation'}>): Promise<void> {
    let reply: ToWorker;
    try {
      reply = {kind: 'revocation', id: question.id, revocation: await this.#resolver.revocation(question.listUrl, question.index, question.credentialId)};
    } catch (error) {
      reply = {kind: 'revocation', id: question.id, revocation: null, failed: error instanceof Error ? error.message : String(error)};
    }
    worker.worker.postMessage(reply);
  }
}
