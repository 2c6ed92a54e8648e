/**
 * A deep copy of parsed JSON, for the private copies verification and
 * signing take of what callers hand them. structuredClone goes through the
 * serializer, which costs several times a plain walk on the small objects
 * credentials are; this walks plain objects and arrays itself and leaves
 * anything else (a Date, a Map, a class instance, a function) to
 * structuredClone, so the result — or the error — is the one structuredClone
 * gives. Recursive: callers pass input that assertTractable has bounded in
 * depth, or objects they built themselves.
 */
export function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? structuredClone(value) : value;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return structuredClone(value);
    const copy = new Array(value.length);
    for (let index = 0; index < value.length; index++) {
      // A hole is copied as a hole, as structuredClone does.
      if (index in value) copy[index] = copyJson(value[index]);
    }
    return copy as T;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = copyJson((value as Record<string, unknown>)[key]);
    // Assigning "__proto__" would set the copy's prototype instead of an own member.
    if (key === '__proto__') Object.defineProperty(copy, key, {value: member, enumerable: true, writable: true, configurable: true});
    else copy[key] = member;
  }
  return copy as T;
}
