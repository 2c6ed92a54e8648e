import {exactJson} from '../json.ts';
/**
 * A canonicalisation fast path for proof options — the small document a
 * Data Integrity or Ed25519Signature2020 proof signs next to the credential:
 * `{@context, type, cryptosuite, created, verificationMethod, proofPurpose}`.
 * Proofs of one shape differ only in `created` and `verificationMethod`, so
 * the shape is canonicalised once by the full algorithm with sentinel
 * values, and later proofs have theirs put in place of the sentinels.
 *
 * That is the full algorithm's answer only when the values cannot change the
 * rest of the output, which is checked rather than assumed:
 * - the template has one blank node (always `_:c14n0`), one subject, and no
 *   two quads with the same predicate, so the order of the quads is fixed
 *   before any value is compared;
 * - each sentinel occurs exactly once, as a whole literal / IRI;
 * - `created` is a plain date-time string (JSON-LD keeps typed literals as
 *   written; nothing in it needs escaping in N-Quads);
 * - `verificationMethod` is an absolute IRI of unreserved characters whose
 *   scheme the template was built with (so a context term with the
 *   scheme's name would have shown in the template, and did not).
 * Anything else, or a shape whose template fails a check, takes the full
 * algorithm. test/credentials/differential.test.ts compares both.
 */
const CREATED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const IRI = /^([a-z][a-z0-9+.-]*):([A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+)$/i;
const SENTINEL_CREATED = '1999-09-09T09:09:09Z';
const SENTINEL_PATH = 'hallmark-sentinel-0b1f3d';

interface Template {
  /** The canonical form split at the two sentinels, in order of appearance. */
  parts: [string, string, string];
  createdFirst: boolean;
}

export interface TemplateInput {
  /** The shape: the proof options with sentinel values, as JSON. */
  shape: string;
  sentinelDocument: Record<string, unknown>;
  created: string;
  verificationMethod: string;
  scheme: string;
}

/** The proof options as a shape with sentinels, or undefined when they are not of the kind this handles. */
export function templateInput(input: unknown): TemplateInput | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const document = input as Record<string, unknown>;
  const {created, verificationMethod} = document;
  if (typeof created !== 'string' || typeof verificationMethod !== 'string' || !CREATED.test(created)) return undefined;
  const iri = IRI.exec(verificationMethod);
  if (!iri) return undefined;
  const sentinelDocument = {...document, created: SENTINEL_CREATED, verificationMethod: `${iri[1]}:${SENTINEL_PATH}`};
  // JSON text that cannot tell Infinity from null (or -0 from 0) cannot name a shape.
  const shape = exactJson(sentinelDocument);
  if (shape === undefined) return undefined;
  return {shape, sentinelDocument, created, verificationMethod, scheme: iri[1]};
}

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** Checks a canonical form made with sentinels and turns it into a template, or undefined when values could matter. */
export function compileTemplate(canonical: string, scheme: string): Template | undefined {
  const createdLiteral = `"${SENTINEL_CREATED}"`;
  const methodIri = `<${scheme}:${SENTINEL_PATH}>`;
  const lines = canonical.split('\n').filter((line) => line !== '');
  const subjects = new Set(lines.map((line) => line.slice(0, line.indexOf(' '))));
  const predicates = lines.map((line) => line.split(' ')[1]);
  if (subjects.size !== 1 || !subjects.has('_:c14n0') || countOf(canonical, '_:') !== lines.length) return undefined;
  if (new Set(predicates).size !== predicates.length) return undefined;
  if (countOf(canonical, SENTINEL_CREATED) !== 1 || countOf(canonical, createdLiteral) !== 1) return undefined;
  if (countOf(canonical, SENTINEL_PATH) !== 1 || countOf(canonical, methodIri) !== 1) return undefined;
  const createdAt = canonical.indexOf(createdLiteral);
  const methodAt = canonical.indexOf(methodIri);
  const createdFirst = createdAt < methodAt;
  const [first, firstLength, second, secondLength] = createdFirst
    ? [createdAt + 1, SENTINEL_CREATED.length, methodAt + 1, methodIri.length - 2]
    : [methodAt + 1, methodIri.length - 2, createdAt + 1, SENTINEL_CREATED.length];
  return {parts: [canonical.slice(0, first), canonical.slice(first + firstLength, second), canonical.slice(second + secondLength)], createdFirst};
}

export function fillTemplate(template: Template, input: TemplateInput): string {
  const [a, b] = template.createdFirst ? [input.created, input.verificationMethod] : [input.verificationMethod, input.created];
  return `${template.parts[0]}${a}${template.parts[1]}${b}${template.parts[2]}`;
}
