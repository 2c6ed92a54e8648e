import {invalidInput} from './errors.ts';

/** Real credentials and requests nest a dozen levels; far deeper input only serves to exhaust the stack. */
const MAX_DEPTH = 64;
const MAX_NODES = 200_000;

/**
 * Walks a parsed JSON value without recursion and refuses what is too deep,
 * too large or hostile to process safely, before any recursive code
 * (JSON-LD, canonicalisation, schema validation) sees it.
 */
export function assertTractable(root: unknown): void {
  const pending: Array<[unknown, number]> = [[root, 1]];
  let nodes = 0;
  while (pending.length > 0) {
    const [value, depth] = pending.pop() as [unknown, number];
    if (++nodes > MAX_NODES) throw invalidInput(`the input has more than ${MAX_NODES} JSON values; no credential is that large`);
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) throw invalidInput(`the input nests deeper than ${MAX_DEPTH} levels; no credential is that deep`);
    // JSON-LD processors skip this key, so its content would ride along unsigned; and in
    // JavaScript it can reach object prototypes. No credential or request needs it.
    if (Object.hasOwn(value, '__proto__')) throw invalidInput('the input has a "__proto__" member, which no credential or request may carry');
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
}
