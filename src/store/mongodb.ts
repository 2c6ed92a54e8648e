/**
 * The MongoDB adapter of the storage port, for deployments that outgrow one
 * machine. It needs no multi-document transactions: every operation touches
 * one document, and unique indexes carry the rest.
 */
import {MongoClient} from 'mongodb';
import type {CollectionSpec, Document, Store} from './port.ts';
import {declareMongoCollection, mongoCollection} from './mongodb-collection.ts';
import {declareMongoQueues, mongoQueues} from './mongodb-queues.ts';
import {declareMongoCounters, mongoCounters} from './mongodb-counters.ts';
import {checkSpec} from './validate.ts';


export async function openMongoStore(uri: string, dbName: string): Promise<Store> {
  const client = new MongoClient(uri);
  let closed = false;
  try {
    await client.connect();
    const db = client.db(dbName);
    const declared = new Map<string, string>();
    await declareMongoQueues(db);
    await declareMongoCounters(db);
    return {
      async collection<T extends Document>(spec: CollectionSpec) {
        const checked = checkSpec(spec);
        // Declaring is idempotent but costs a round trip per index; once per spec and process is enough.
        const key = JSON.stringify(checked.indexes);
        if (declared.get(checked.name) !== key) {
          await declareMongoCollection(db, checked);
          declared.set(checked.name, key);
        }
        return mongoCollection<T>(db, checked);
      },
      queues: mongoQueues(db),
      counters: mongoCounters(db),
      async ping() {
        await db.command({ping: 1});
      },
      async close() {
        if (closed) return;
        closed = true;
        await client.close();
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
