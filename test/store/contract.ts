/**
 * The storage contract: every promise of `src/store/port.ts`, as node:test
 * tests that any adapter must pass. Adapter test files call
 * `runStoreContract` with a way to open their store.
 */
import {randomBytes} from 'node:crypto';
import {after, before, describe} from 'node:test';
import type {Store} from '../../src/store/port.ts';
import {documentContract} from './contract-documents.ts';
import {federationContract} from './contract-federation.ts';
import {nameContract} from './contract-names.ts';
import {purgeContract} from './contract-purge.ts';
import {searchContract} from './contract-search.ts';
import {queryContract} from './contract-queries.ts';
import {queueContract} from './contract-queues.ts';
import {jobsContract} from './contract-jobs.ts';
import {updateContract} from './contract-updates.ts';
import {counterContract} from './contract-counters.ts';
import {oauthAdapterContract} from './contract-oauth.ts';

export interface ContractContext {
  store(): Store;
  /** A collection or queue name unique to this run, so runs against a shared MongoDB never collide. */
  name(base: string): string;
}

export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`storage contract: ${name}`, () => {
    let store: Store | undefined;
    const run = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const context: ContractContext = {
      store() {
        if (store === undefined) throw new Error('the store under test is not open');
        return store;
      },
      name: (base) => `${run}_${base}`,
    };

    before(async () => {
      store = await open();
    });
    after(async () => {
      await store?.close();
    });

    describe('documents', () => documentContract(context));
    describe('queries', () => queryContract(context));
    describe('compare-and-set updates', () => updateContract(context));
    describe('queues', () => queueContract(context));
    describe('durable jobs (src/jobs)', () => jobsContract(context));
    describe('counters', () => counterContract(context));
    describe('names', () => nameContract(context));
    describe('federation KV store and message queue', () => federationContract(context));
    describe('expiry (purgeBefore)', () => purgeContract(context));
    describe('full-text search', () => searchContract(context));
    describe('oidc-provider adapter over the store', () => oauthAdapterContract(context));
  });
}
