/**
 * The verification stages' JSON helpers: the generic narrowing ones come from
 * src/json.ts (re-exported so the stages import from one place); the message
 * helpers below are about quoting untrusted values in reports.
 */
export {asArray, isObject, nodeId, strings, type JsonObject} from '../../json.ts';

/** An absolute URI: a scheme followed by ':' (RFC 3986 §3.1). */
export function isAbsoluteUri(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);
}

/**
 * Messages quote what credentials and remote documents say, and those can be
 * megabytes long: every quoted value is cut to this many characters, and a
 * library's error message (which may quote the input) to MAX_ERROR_LENGTH.
 */
const MAX_SHOWN_LENGTH = 200;
const MAX_ERROR_LENGTH = 600;

/** `text` cut to `max` characters, marked with an ellipsis when it was longer. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function errorMessage(error: unknown): string {
  return clause(truncate(error instanceof Error ? error.message : String(error), MAX_ERROR_LENGTH));
}

/**
 * A message without surrounding space and final full stops, to embed in a
 * longer sentence. A loop, not /\.+$/: that regex backtracks quadratically
 * over a long run of dots, and messages quote untrusted text.
 */
export function clause(message: string): string {
  const text = message.trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '.') end--;
  return text.slice(0, end);
}

const MULTIBASE_KEY = /\bz[1-9A-HJ-NP-Za-km-z]{40,}/g;

/**
 * An identifier from untrusted input, ready to quote: multibase keys inside
 * it shortened (did:key:z6Mk…), and the whole cut to a readable length.
 */
export function abbreviate(value: string, max = MAX_SHOWN_LENGTH): string {
  // Too short to hold a multibase key and short enough to show whole: nothing to do.
  if (value.length <= SHORTEST_KEY && value.length <= max) return value;
  if (max !== MAX_SHOWN_LENGTH || value.length > MAX_REMEMBERED_LENGTH) return shorten(value, max);
  // The same few identifiers (issuers, keys, list URLs) are quoted in every report.
  let shown = abbreviations.get(value);
  if (shown === undefined) {
    shown = shorten(value, max);
    if (abbreviations.size >= MAX_ABBREVIATIONS) abbreviations.delete(abbreviations.keys().next().value as string);
    abbreviations.set(value, shown);
  }
  return shown;
}

/** A key MULTIBASE_KEY matches is longer than this. */
const SHORTEST_KEY = 40;
const abbreviations = new Map<string, string>();
const MAX_ABBREVIATIONS = 1024;
const MAX_REMEMBERED_LENGTH = 256;

function shorten(value: string, max: number): string {
  // Cut before the key regex runs, so its work is bounded too; the margin keeps keys whole in the shown part.
  const head = value.length > max * 4 ? value.slice(0, max * 4) : value;
  const shortened = head.replace(MULTIBASE_KEY, (key) => `${key.slice(0, 12)}…`);
  return shortened.length > max || head !== value ? `${shortened.slice(0, max)}…` : shortened;
}

/** Any value from untrusted input, quoted for a message: strings in JSON quotes, the rest as (cut) JSON. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(abbreviate(value));
  return abbreviate(JSON.stringify(value) ?? String(value));
}
