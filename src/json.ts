import {createHash} from 'node:crypto';
import canonicalize from 'canonicalize';

/** Narrowing helpers for untrusted JSON, and its canonical form: the one set every module uses. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JSON text that tells `value` apart from every other value, for caches keyed
 * by it; undefined when JSON text cannot (JSON.stringify writes a non-finite
 * number as null and -0 as 0, and JSON-LD reads those differently).
 */
export function exactJson(value: unknown): string | undefined {
  let exact = true;
  const json = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && (!Number.isFinite(item) || Object.is(item, -0))) exact = false;
    return item;
  });
  return exact ? json : undefined;
}

/** JSON-LD treats a single value and a one-element array alike. */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function strings(value: unknown): string[] {
  // The common shapes without building the one-element array first.
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

/** The `id` of a node given either as an IRI string or as an object with `id`. */
export function nodeId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

/** The object itself, or the first entry when JSON-LD gave an array; null when that is not an object. */
export function firstObject(value: unknown): JsonObject | null {
  const first = Array.isArray(value) ? value[0] : value;
  return isObject(first) ? first : null;
}

/** A string with something other than white space in it, else null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** The JCS (RFC 8785) canonical JSON of a value: one text per meaning, whatever the key order. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? '';
}

/** 'sha256-<base64url>' of the JCS canonical JSON: the digest policies and reviews are pinned by. */
export function jcsDigest(value: unknown): string {
  return `sha256-${createHash('sha256').update(canonicalJson(value), 'utf8').digest('base64url')}`;
}

/**
 * `value`, frozen all the way down, for data shared between callers (a
 * change would throw rather than leak into someone else's result). What is
 * frozen already is not walked again. Recursive: for our own documents and
 * input assertTractable has bounded.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
