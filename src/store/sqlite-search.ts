/**
 * The search port over SQLite FTS5. Entries live in an ordinary table (one
 * row per id, so a put is one upsert); an external-content FTS5 table over
 * its title and text is kept in step by triggers in the same transaction,
 * so the index can never disagree with the entries, even after a crash.
 */
import type {SearchIndex} from './port.ts';
import type {SqliteDb} from './sqlite-db.ts';
import {checkCollectionName, checkSearchEntry, checkSearchOptions, searchTerms} from './validate.ts';

/** Title words weigh five times text words in bm25 ranking. */
const TITLE_WEIGHT = 5;

export function declareSqliteSearch(db: SqliteDb, name: string): void {
  const table = `s_${checkCollectionName(name)}`;
  const fts = `${table}_fts`;
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS "${table}" (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL, data TEXT NOT NULL) STRICT`);
    db.exec(`CREATE INDEX IF NOT EXISTS "${table}_type" ON "${table}" (type)`);
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS "${fts}" USING fts5(title, text, content='${table}', content_rowid='rid', tokenize='unicode61 remove_diacritics 2')`);
    db.exec(`CREATE TRIGGER IF NOT EXISTS "${table}_ai" AFTER INSERT ON "${table}" BEGIN INSERT INTO "${fts}"(rowid, title, text) VALUES (new.rid, new.title, new.text); END`);
    db.exec(`CREATE TRIGGER IF NOT EXISTS "${table}_ad" AFTER DELETE ON "${table}" BEGIN INSERT INTO "${fts}"("${fts}", rowid, title, text) VALUES ('delete', old.rid, old.title, old.text); END`);
    db.exec(`CREATE TRIGGER IF NOT EXISTS "${table}_au" AFTER UPDATE ON "${table}" BEGIN INSERT INTO "${fts}"("${fts}", rowid, title, text) VALUES ('delete', old.rid, old.title, old.text); INSERT INTO "${fts}"(rowid, title, text) VALUES (new.rid, new.title, new.text); END`);
  });
}

export function sqliteSearch(db: SqliteDb, name: string): SearchIndex {
  const table = `"s_${checkCollectionName(name)}"`;
  const fts = `"s_${name}_fts"`;
  return {
    async put(entry) {
      const checked = checkSearchEntry(entry);
      db.run(
        `INSERT INTO ${table} (id, type, title, text, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET type = excluded.type, title = excluded.title, text = excluded.text, data = excluded.data`,
        [checked.id, checked.type, checked.title, checked.text, JSON.stringify(checked.data)],
      );
    },

    async remove(id) {
      return db.run(`DELETE FROM ${table} WHERE id = ?`, [id]) === 1;
    },

    async search(query, options) {
      const {type, limit, offset} = checkSearchOptions(options);
      const terms = searchTerms(query);
      if (terms.length === 0) return {total: 0, hits: []};
      // Each term quoted (it holds letters and digits only) and prefix-matched; FTS5 ANDs them.
      const match = terms.map((term) => `"${term}"*`).join(' ');
      const where = `${fts} MATCH ?${type === undefined ? '' : ' AND e.type = ?'}`;
      const params = type === undefined ? [match] : [match, type];
      const from = `FROM ${fts} JOIN ${table} e ON e.rid = ${fts}.rowid WHERE ${where}`;
      const total = Number(db.get(`SELECT count(*) AS n ${from}`, params)?.n ?? 0);
      const rows = limit === 0 ? [] : db.all(`SELECT e.id, e.type, e.title, e.text, e.data ${from} ORDER BY bm25(${fts}, ${TITLE_WEIGHT}, 1), e.id LIMIT ? OFFSET ?`, [...params, limit, offset]);
      return {total, hits: rows.map((row) => ({id: String(row.id), type: String(row.type), title: String(row.title), text: String(row.text), data: JSON.parse(String(row.data)) as Record<string, unknown>}))};
    },
  };
}
