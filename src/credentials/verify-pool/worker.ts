import {parentPort} from 'node:worker_threads';
import {HallmarkError} from '../../errors.ts';
import {DocumentResolver, DocumentUnavailableError, VERIFICATION_BUDGET, type DocumentSource, type RevocationRecord} from '../documents.ts';
import {verify} from '../verify/index.ts';
import type {FromWorker, ToWorker} from './messages.ts';

/**
 * A verification worker: the one pipeline (verify()), with the pool's
 * resolver behind a message port. The worker fetches nothing itself, so
 * every document, and every related resource's bytes, still comes through
 * the pool's sources and the one hardened fetcher; the per-verification budget is kept here, as in-process.
 */
if (!parentPort) throw new Error('verify-pool/worker.ts runs as a worker thread');
const port = parentPort;

const asked = new Map<number, {resolve: (answer: unknown) => void; reject: (error: Error) => void; url: string}>();
let nextAsk = 0;

function ask<T>(url: string, question: (id: number) => FromWorker): Promise<T> {
  return new Promise((resolve, reject) => {
    const id = nextAsk++;
    asked.set(id, {resolve: resolve as (answer: unknown) => void, reject, url});
    port.postMessage(question(id));
  });
}

const pool: DocumentSource = {
  get: (url) => ask(url, (id) => ({kind: 'document', id, url})),
  bytes: (url) => ask<Uint8Array>(url, (id) => ({kind: 'bytes', id, url})),
  revocation: (listUrl, index, credentialId) => ask<RevocationRecord | null>(listUrl, (id) => ({kind: 'revocation', id, listUrl, index, credentialId})),
};
const resolver = new DocumentResolver([pool]);

function answer(message: Exclude<ToWorker, {kind: 'verify'}>): void {
  const waiting = asked.get(message.id);
  if (!waiting) return;
  asked.delete(message.id);
  if (message.kind !== 'revocation' && message.unavailable !== undefined) waiting.reject(new DocumentUnavailableError(waiting.url, message.unavailable));
  else if (message.failed !== undefined) waiting.reject(new Error(message.failed));
  else if (message.kind === 'document') waiting.resolve(message.document);
  else if (message.kind === 'bytes') waiting.resolve(message.bytes);
  else waiting.resolve(message.revocation);
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
  if (message.kind !== 'verify') answer(message);
  else void run(message).then((reply) => port.postMessage(reply));
});
// Loading the pipeline (JSON-LD, schemas, suites) takes a while; the pool sends work once this arrives.
port.postMessage({kind: 'ready'} satisfies FromWorker);
