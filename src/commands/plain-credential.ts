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
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const type = (value as {type?: unknown}).type;
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('VerifiablePresentation')) return false;
  return '@context' in value || !/"https?:\/\//i.test(bytes.toString('utf8'));
}
