/**
 * Deterministic index names, so declaring the same collection twice finds the
 * indexes it made before. The hash keeps names distinct where SQLite's
 * case-insensitive identifiers would not (`Email` vs `email`) and where joined
 * field names could be ambiguous (`a_b` vs `a`,`b`).
 */
import {createHash} from 'node:crypto';
import type {IndexSpec} from './port.ts';

export function indexName(prefix: string, index: IndexSpec): string {
  const kind = index.unique === true ? 'ux' : 'ix';
  const key = index.fields.join(',');
  const digest = createHash('sha256').update(`${kind}:${key}`).digest('hex').slice(0, 10);
  return `${prefix}${kind}_${index.fields.join('_').toLowerCase().slice(0, 60)}_${digest}`;
}
