/**
 * Counters in one MongoDB collection of `{_id: key, value, expiresAt}`.
 * `add` is one findOneAndUpdate with an update pipeline and upsert, applied
 * atomically to the single document: within one `$set` stage every
 * expression reads the document as it was, so value and expiry restart
 * together. A TTL index lets the server remove lapsed counters by itself;
 * reads still check the expiry, since the TTL monitor runs only once a minute.
 */
import type {Db} from 'mongodb';
import type {CounterState, Counters} from './port.ts';
import {isDuplicateKey} from './mongodb-collection.ts';
import {checkCounterAdd, checkCounterKey, checkDate} from './validate.ts';

/** Declared collection names start with a letter, so this one can never clash with them. */
const COLLECTION = '_counters';

interface StoredCounter {
  _id: string;
  value: number;
  /** null: never lapses (the TTL index ignores non-dates). */
  expiresAt: Date | null;
}

export async function declareMongoCounters(db: Db): Promise<void> {
  await db.collection<StoredCounter>(COLLECTION).createIndex({expiresAt: 1}, {name: 'lapse', expireAfterSeconds: 0});
}

function state(counter: StoredCounter): CounterState {
  return {value: counter.value, expiresAt: counter.expiresAt === null ? null : counter.expiresAt.getTime()};
}

function live(now: Date) {
  return {$or: [{expiresAt: null}, {expiresAt: {$gt: now}}]};
}

export function mongoCounters(db: Db): Counters {
  const counters = db.collection<StoredCounter>(COLLECTION);

  return {
    async add(key, by, options) {
      checkCounterKey(key);
      const checked = checkCounterAdd(by, options.ttlMs);
      const now = new Date(options.now === undefined ? Date.now() : checkDate('now', options.now));
      const expiresAt = checked.ttlMs === 0 ? null : new Date(now.getTime() + checked.ttlMs);
      const restart =
        options.restart === true
          ? true
          : {$or: [{$eq: [{$type: '$value'}, 'missing']}, {$and: [{$eq: [{$type: '$expiresAt'}, 'date']}, {$lte: ['$expiresAt', now]}]}]};
      const update = [
        {
          $set: {
            value: {$cond: [restart, checked.by, {$add: ['$value', checked.by]}]},
            expiresAt: {$cond: [restart, expiresAt, '$expiresAt']},
          },
        },
      ];
      // Two first increments of one key may both try to insert; the loser retries as an update.
      for (let attempt = 0; ; attempt++) {
        try {
          const after = await counters.findOneAndUpdate({_id: key}, update, {upsert: true, returnDocument: 'after'});
          if (after === null) throw new Error(`counter ${key}: the upsert returned no document`);
          return state(after);
        } catch (error) {
          if (attempt > 0 || !isDuplicateKey(error)) throw error;
        }
      }
    },

    async get(key, now = new Date()) {
      checkCounterKey(key);
      const found = await counters.findOne({_id: key, ...live(new Date(checkDate('now', now)))});
      return found === null ? null : state(found);
    },

    async delete(key) {
      checkCounterKey(key);
      return (await counters.deleteOne({_id: key})).deletedCount === 1;
    },

    async purge(now = new Date()) {
      const at = new Date(checkDate('now', now));
      return (await counters.deleteMany({expiresAt: {$ne: null, $lte: at}})).deletedCount;
    },
  };
}
