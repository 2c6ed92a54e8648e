import {isPinnedContext} from '../contexts.ts';
import {abbreviate, asArray, isObject, quote} from './json.ts';

/**
 * The shape rule of the `context` stage. The signature covers the JSON-LD
 * graph, but the stages after this one read the credential's JSON by its
 * plain keys (credentialStatus, validUntil, issuer, …). Whatever lets the
 * graph hold a statement under another key lets a signed statement hide
 * from them: a key written as an IRI or compact IRI (it has a ':'), a
 * JSON-LD keyword other than @context (@graph, @included, @id, @nest, …),
 * or an inline context, which can give any key any meaning. So every such
 * key is refused, at any depth, and every @context entry must be the URL
 * of a pinned context (contexts come only from contexts/).
 */
export interface ShapeFindings {
  /** One sentence per refused key or context entry (the first few; the rest are counted). */
  refusals: string[];
  /** Context URLs, at any depth, that are not pinned. */
  unpinned: string[];
  /** Some @context entry is neither a string nor an object, so JSON-LD cannot process the document at all. */
  malformed: boolean;
}

const SHOWN_REFUSALS = 3;

/**
 * Where a value sits, as a chain of steps: the JSON pointer is only written
 * out for a refusal. Building it for every value would copy each (possibly
 * huge) key into the path of every value beneath it.
 */
interface Step {
  parent: Step | undefined;
  key: string | number;
}

/** The JSON pointer of `step`, each key cut short, for a message. */
function at(step: Step | undefined): string {
  if (step === undefined) return 'the top level';
  const keys: string[] = [];
  for (let current: Step | undefined = step; current !== undefined; current = current.parent) {
    keys.push(abbreviate(String(current.key), 40).replaceAll('~', '~0').replaceAll('/', '~1'));
  }
  return abbreviate(`/${keys.reverse().join('/')}`);
}

function isNested(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

export function checkKeyShape(credential: unknown): ShapeFindings {
  const refusals: string[] = [];
  const unpinned = new Set<string>();
  let malformed = false;
  let refused = 0;
  const refuse = (sentence: string) => {
    if (refused++ < SHOWN_REFUSALS) refusals.push(sentence);
  };
  // Iterative: parse.ts bounds depth and size (json-limits.ts), and this walk must not add recursion.
  const pending: Array<[value: unknown, path: Step | undefined]> = [[credential, undefined]];
  while (pending.length > 0) {
    const [value, path] = pending.pop() as [unknown, Step | undefined];
    if (Array.isArray(value)) {
      // Pushed last to first, so that refusals come in document order. Only objects and arrays hold keys.
      for (let index = value.length - 1; index >= 0; index--) {
        if (isNested(value[index])) pending.push([value[index], {parent: path, key: index}]);
      }
      continue;
    }
    if (!isObject(value)) continue;
    const children: Array<[unknown, Step]> = [];
    for (const [key, child] of Object.entries(value)) {
      if (key === '@context') {
        const where: Step = {parent: path, key};
        // asArray() reads null as no value; here null is a value, one that resets every term.
        for (const entry of child === null ? [null] : asArray(child)) {
          if (typeof entry === 'string') {
            if (!isPinnedContext(entry)) unpinned.add(entry);
          } else if (entry === null) {
            refuse(`The @context at ${at(where)} is null, which resets every term: contexts come only from Hallmark's pinned contexts.`);
          } else if (isObject(entry)) {
            refuse(`The @context at ${at(where)} is an inline context object: it can give any key any meaning, and contexts come only from Hallmark's pinned contexts.`);
          } else {
            malformed = true;
            refuse(`The @context at ${at(where)} has an entry ${quote(entry)} that is not a context URL.`);
          }
        }
        // Inline contexts are refused above; their own keys (prefixes, IRIs) are not credential keys.
        continue;
      }
      if (key.startsWith('@')) {
        refuse(`The key ${quote(key)} at ${at(path)} is a JSON-LD keyword: it puts statements into the signed graph that checks reading the JSON's plain keys do not see, so only @context may appear.`);
      } else if (key.includes(':')) {
        refuse(`The key ${quote(key)} at ${at(path)} is written as an IRI: JSON-LD reads it as a statement of the signed graph, but checks reading the JSON's plain keys do not see it, so a signed statement (a status, an expiry) could hide under it.`);
      }
      if (isNested(child)) children.push([child, {parent: path, key}]);
    }
    // A loop, not push(...spread): spreading an object's many children overflows the call stack.
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]);
  }
  if (refused > SHOWN_REFUSALS) refusals.push(`(And ${refused - SHOWN_REFUSALS} more such key${refused - SHOWN_REFUSALS === 1 ? '' : 's'}.)`);
  return {refusals, unpinned: [...unpinned], malformed};
}
