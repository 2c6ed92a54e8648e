/**
 * Durable queues in one MongoDB collection. Leasing is one findOneAndUpdate
 * on the oldest due message, which MongoDB applies atomically to a single
 * document, so two leasers can never receive the same lease. `leaseUntil` is
 * the epoch when a message is not leased, which keeps "due" a pair of range
 * conditions that one index serves.
 *
 * An acknowledged message that carries an idempotency key stays behind as a
 * tombstone (done: true) so that the key keeps deduplicating after delivery.
 */
import {randomUUID} from 'node:crypto';
import {ObjectId, type Db} from 'mongodb';
import type {QueueMessage, Queues} from './port.ts';
import {isDuplicateKey} from './mongodb-collection.ts';
import {checkDate, checkLeaseMs, checkQueueName, payloadJson} from './validate.ts';

/** Declared collection names start with a letter, so this one can never clash with them. */
const COLLECTION = '_queue_messages';
const NOT_LEASED = new Date(0);

interface StoredMessage {
  /** An ObjectId in hex: it sorts by creation, which breaks run-time ties in enqueue order. */
  _id: string;
  queue: string;
  payload: unknown;
  runAt: Date;
  leaseUntil: Date;
  leaseToken: string | null;
  attempts: number;
  /** Present only when an idempotency key was given, so the partial unique index ignores the rest. */
  key?: string;
  done: boolean;
}

export async function declareMongoQueues(db: Db): Promise<void> {
  const messages = db.collection<StoredMessage>(COLLECTION);
  await messages.createIndex({queue: 1, done: 1, runAt: 1, _id: 1}, {name: 'due'});
  await messages.createIndex(
    {queue: 1, key: 1},
    {name: 'idempotency', unique: true, partialFilterExpression: {key: {$exists: true}}},
  );
}

export function mongoQueues(db: Db): Queues {
  const messages = db.collection<StoredMessage>(COLLECTION);

  return {
    async enqueue(queue, payload, options = {}) {
      checkQueueName(queue);
      const runAt = new Date(options.runAt === undefined ? Date.now() : checkDate('runAt', options.runAt));
      const key = options.idempotencyKey;
      if (key !== undefined && typeof key !== 'string') throw new TypeError('idempotencyKey must be a string');
      const message: StoredMessage = {
        _id: new ObjectId().toHexString(),
        queue,
        payload: JSON.parse(payloadJson(payload)),
        runAt,
        leaseUntil: NOT_LEASED,
        leaseToken: null,
        attempts: 0,
        done: false,
        ...(key === undefined ? {} : {key}),
      };
      try {
        await messages.insertOne(message);
        return message._id;
      } catch (error) {
        if (key === undefined || !isDuplicateKey(error)) throw error;
      }
      // Messages with a key are never deleted (acks leave tombstones), so the first one is still here.
      const first = await messages.findOne({queue, key}, {projection: {_id: 1}});
      if (first === null) throw new Error(`queue ${queue}: idempotency key ${key} collided but no message holds it`);
      return first._id;
    },

    async lease<P>(queue: string, leaseMs: number, now: Date = new Date()): Promise<QueueMessage<P> | null> {
      checkQueueName(queue);
      const at = new Date(checkDate('now', now));
      const token = randomUUID();
      const before = await messages.findOneAndUpdate(
        {queue, done: false, runAt: {$lte: at}, leaseUntil: {$lte: at}},
        {$set: {leaseUntil: new Date(at.getTime() + checkLeaseMs(leaseMs)), leaseToken: token}, $inc: {attempts: 1}},
        {sort: {runAt: 1, _id: 1}, returnDocument: 'before'},
      );
      if (before === null) return null;
      return {id: before._id, queue, payload: before.payload as P, attempts: before.attempts, leaseToken: token};
    },

    async ack(message) {
      const leased = {_id: message.id, leaseToken: message.leaseToken, done: false};
      const tombstoned = await messages.updateOne(
        {...leased, key: {$exists: true}},
        {$set: {done: true, payload: null, leaseToken: null, leaseUntil: NOT_LEASED}},
      );
      if (tombstoned.matchedCount === 1) return true;
      const deleted = await messages.deleteOne({...leased, key: {$exists: false}});
      return deleted.deletedCount === 1;
    },

    async complete(queue, id) {
      checkQueueName(queue);
      const pending = {_id: id, queue, done: false};
      const tombstoned = await messages.updateOne(
        {...pending, key: {$exists: true}},
        {$set: {done: true, payload: null, leaseToken: null, leaseUntil: NOT_LEASED}},
      );
      if (tombstoned.matchedCount === 1) return true;
      const deleted = await messages.deleteOne({...pending, key: {$exists: false}});
      return deleted.deletedCount === 1;
    },

    async release(message, runAt = new Date()) {
      const at = new Date(checkDate('runAt', runAt));
      const result = await messages.updateOne(
        {_id: message.id, leaseToken: message.leaseToken, done: false},
        {$set: {runAt: at, leaseUntil: NOT_LEASED, leaseToken: null}},
      );
      return result.matchedCount === 1;
    },

    async depths() {
      const groups = await messages.aggregate<{_id: string; n: number}>([{$match: {done: false}}, {$group: {_id: '$queue', n: {$sum: 1}}}]).toArray();
      return Object.fromEntries(groups.map((group) => [group._id, group.n]));
    },
  };
}
