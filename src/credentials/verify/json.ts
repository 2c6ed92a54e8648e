/** Small narrowing helpers for untrusted JSON, shared by the verification stages. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON-LD treats a single value and a one-element array alike. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function strings(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}

/** The `id` of a node given either as an IRI string or as an object with `id`. */
export function nodeId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

/** An absolute URI: a scheme followed by ':' (RFC 3986 §3.1). */
export function isAbsoluteUri(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);
}

export function errorMessage(error: unknown): string {
  return clause(error instanceof Error ? error.message : String(error));
}

/** A message without its final full stop, to embed in a longer sentence. */
export function clause(message: string): string {
  return message.trim().replace(/\.+$/, '');
}

/** Shortens the multibase keys inside identifiers (did:key:z6Mk…) for one-line messages. */
export function abbreviate(value: string): string {
  return value.replace(/\bz[1-9A-HJ-NP-Za-km-z]{40,}/g, (key) => `${key.slice(0, 12)}…`);
}
