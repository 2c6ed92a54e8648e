import {parentPort} from 'node:worker_threads';
import {HallmarkError} from '../../errors.ts';
import {DocumentResolver, DocumentUnavailableError, VERIFICATION_BUDGET, type DocumentSource} from '../documents.ts';
import {verify} from '../verify/index.ts';
import type {FromWorker, ToWorker} from './messages.ts';

/**
 * A verification worker: the one pipeline (verify()), with the pool's
 * resolver behind a message port. The worker fetches nothing itself, so
 * every document still comes through the pool's sources and the one
 * hardened fetcher; the per-verification budget is kept here, as in-process.
 */
const port = parentPort;
if (!port) throw new Error('verify-pool/worker.ts runs as a worker thread');

const asked = new Map<number, {resolve: (document: unknown) => void; reject: (error: Error) => void; url: string}>();
let nextAsk = 0;

const pool: DocumentSource = {
  get(url) {
    return new Promise((resolve, reject) => {
      const id = nextAsk++;
      asked.set(id, {resolve, reject, url});
      port.postMessage({kind: 'document', id, url} satisfies FromWorker);
    });
  },
};
const resolver = new DocumentResolver([pool]);

function answer(message: Extract<ToWorker, {kind: 'document'}>): void {
  const waiting = asked.get(message.id);
  if (!waiting) return;
  asked.delete(message.id);
  if (message.unavailable !== undefined) waiting.reject(new DocumentUnavailableError(waiting.url, message.unavailable));
  else if (message.failed !== undefined) waiting.reject(new Error(message.failed));
  else waiting.resolve(message.document);
}

async function run(message: Extract<ToWorker, {kind: 'verify'}>): Promise<FromWorker> {
  try {
    const report = await verify(message.input, {...message.options, resolver: resolver.withBudget(VERIFICATION_BUDGET), endorsements: false});
    return {kind: 'report', id: message.id, report};
  } catch (error) {
    if (error instanceof HallmarkError) return {kind: 'refused', id: message.id, error: {kind: error.kind, message: error.message, problems: error.problems}};
    return {kind: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error)};
  }
}

port.on('message', (message: ToWorker) => {
  if (message.kind === 'document') answer(message);
  else void run(message).then((reply) => port.postMessage(reply));
});
// Loading the pipeline (JSON-LD, schemas, suites) takes a while; the pool sends work once this arrives.
port.postMessage({kind: 'ready'} satisfies FromWorker);
