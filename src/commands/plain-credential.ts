import {isObject} from '../json.ts';
import {isPresentation} from '../inspect/extract/json.ts';
import {sniff} from '../inspect/extract/sniff.ts';

/**
 * Whether a file is a single credential (or something that tries to be:
 * malformed JSON, an object with no links to follow), which `hallmark
 * verify` reports on in full as it always has. Presentations, JSON Resumes,
 * images, PDFs and pages go to the inspector instead.
 */
export function isPlainCredential(bytes: Buffer): boolean {
  const kind = sniff(bytes);
  if (kind === 'jwt') return true;
  if (kind !== 'json') return false;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return true;
  }
  if (!isObject(value) || isPresentation(value)) return false;
  // Unlike the inspector's "looks like a credential", anything with a context or nothing to follow is verified in full.
  return '@context' in value || !/"https?:\/\//i.test(bytes.toString('utf8'));
}
