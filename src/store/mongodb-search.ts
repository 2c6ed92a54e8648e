/**
 * The search port over a MongoDB text index: one collection per index,
 * `{_id, type, title, text, data}`, with a text index weighting titles five
 * times, language "none" (no stemming, as with SQLite), case- and
 * diacritic-insensitive. Every query term is sent as a quoted phrase, so all
 * are required and none is read as an operator.
 */
import type {Db, Filter} from 'mongodb';
import type {SearchIndex} from './port.ts';
import {checkCollectionName, checkSearchEntry, checkSearchOptions, searchTerms} from './validate.ts';

interface EntryRecord {
  _id: string;
  type: string;
  title: string;
  text: string;
  data: Record<string, unknown>;
}

function collectionName(name: string): string {
  return `search_${checkCollectionName(name)}`;
}

export async function declareMongoSearch(db: Db, name: string): Promise<void> {
  const entries = db.collection<EntryRecord>(collectionName(name));
  await entries.createIndex({title: 'text', text: 'text'}, {name: 'fulltext', weights: {title: 5, text: 1}, default_language: 'none'});
  await entries.createIndex({type: 1}, {name: 'type'});
}

export function mongoSearch(db: Db, name: string): SearchIndex {
  const entries = db.collection<EntryRecord>(collectionName(name));
  return {
    async put(entry) {
      const checked = checkSearchEntry(entry);
      await entries.replaceOne({_id: checked.id}, {type: checked.type, title: checked.title, text: checked.text, data: checked.data}, {upsert: true});
    },

    async remove(id) {
      return (await entries.deleteOne({_id: id})).deletedCount === 1;
    },

    async search(query, options) {
      const {type, limit, offset} = checkSearchOptions(options);
      const terms = searchTerms(query);
      if (terms.length === 0) return {total: 0, hits: []};
      const filter: Filter<EntryRecord> = {$text: {$search: terms.map((term) => `"${term}"`).join(' ')}, ...(type === undefined ? {} : {type: {$eq: type}})};
      const total = await entries.countDocuments(filter);
      // MongoDB reads limit 0 as "no limit"; the port means "nothing".
      const found = limit === 0 ? [] : await entries.find(filter, {projection: {score: {$meta: 'textScore'}}}).sort({score: {$meta: 'textScore'}, _id: 1}).skip(offset).limit(limit).toArray();
      return {total, hits: found.map((record) => ({id: record._id, type: record.type, title: record.title, text: record.text, data: record.data}))};
    },
  };
}
