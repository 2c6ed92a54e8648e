import {createHash} from 'node:crypto';
import {decodeBase58} from './base58.ts';
import {pinnedContextBytes} from './contexts.ts';
import {DocumentUnavailableError} from './documents.ts';

/**
 * VC 2.0 §5.3 relatedResource: each entry is an object with an `id` (no
 * two alike) and a digest of the resource — `digestSRI` (Subresource
 * Integrity: sha256-, sha384- or sha512- and base64) or `digestMultibase`
 * (multibase "u" base64url or "z" base58btc, of the digest or of its
 * multihash). A pinned context's digest is computed over our pinned copy,
 * offline; anything else is fetched (through the hardened fetcher) and
 * hashed. Checked at issuance and at verification, the same way.
 */
export type FetchBytes = (url: string) => Promise<Uint8Array>;

export interface RelatedResourceFindings {
  /** What is wrong: the credential must not be issued, and does not verify. */
  problems: Array<{field: string; problem: string}>;
  /** Resources that could not be obtained to hash: the check could not be completed. */
  unavailable: string[];
}

/** Enough for the contexts and a few documents a credential may pin; each may cost a fetch. */
export const MAX_RELATED_RESOURCES = 16;

const ALGORITHMS: Record<string, {multihash: number; length: number}> = {sha256: {multihash: 0x12, length: 32}, sha384: {multihash: 0x20, length: 48}, sha512: {multihash: 0x13, length: 64}};
const SRI = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})$/;

export async function checkRelatedResources(value: unknown, fetchBytes: FetchBytes | undefined): Promise<RelatedResourceFindings> {
  const findings: RelatedResourceFindings = {problems: [], unavailable: []};
  if (value === undefined) return findings;
  const problem = (field: string, text: string) => findings.problems.push({field: `/relatedResource${field}`, problem: text});
  const entries = Array.isArray(value) ? value : [value];
  if (entries.length > MAX_RELATED_RESOURCES) {
    problem('', `lists ${entries.length} resources; at most ${MAX_RELATED_RESOURCES} are checked`);
    return findings;
  }
  const seen = new Set<string>();
  const wanted: Array<{at: string; id: string; digests: Array<{algorithm: string; digest: Buffer}>}> = [];
  entries.forEach((entry, index) => {
    const at = Array.isArray(value) ? `/${index}` : '';
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return problem(at, 'must be an object with an id and a digest');
    const {id, digestSRI, digestMultibase} = entry as Record<string, unknown>;
    if (typeof id !== 'string' || !/^[a-z][a-z0-9+.-]*:/i.test(id)) return problem(`${at}/id`, 'must be the URL of the resource');
    if (seen.has(id)) return problem(`${at}/id`, `repeats ${id.slice(0, 200)}`);
    seen.add(id);
    if (digestSRI === undefined && digestMultibase === undefined) return problem(at, 'needs digestSRI or digestMultibase');
    const digests: Array<{algorithm: string; digest: Buffer}> = [];
    if (digestSRI !== undefined) {
      const match = typeof digestSRI === 'string' ? SRI.exec(digestSRI) : null;
      const digest = match ? Buffer.from(match[2], 'base64') : undefined;
      if (!match || !digest || digest.length !== ALGORITHMS[match[1]].length) return problem(`${at}/digestSRI`, 'must be sha256-, sha384- or sha512- followed by the base64 digest');
      digests.push({algorithm: match[1], digest});
    }
    if (digestMultibase !== undefined) {
      const decoded = typeof digestMultibase === 'string' ? multibaseDigest(digestMultibase) : undefined;
      if (!decoded) return problem(`${at}/digestMultibase`, 'must be a multibase (u… or z…) SHA-2 digest or multihash');
      digests.push(decoded);
    }
    wanted.push({at, id, digests});
  });
  if (findings.problems.length > 0) return findings;
  await Promise.all(wanted.map(async ({at, id, digests}) => {
    let bytes = pinnedContextBytes(id);
    if (bytes === undefined) {
      if (!fetchBytes) {
        findings.unavailable.push(`${id.slice(0, 200)} (nothing may be fetched here)`);
        return;
      }
      try {
        bytes = await fetchBytes(id);
      } catch (error) {
        if (!(error instanceof DocumentUnavailableError)) throw error;
        findings.unavailable.push(`${id.slice(0, 200)} (${error.reason})`);
        return;
      }
    }
    for (const {algorithm, digest} of digests) {
      if (!createHash(algorithm).update(bytes).digest().equals(digest)) problem(`${at}`, `the ${algorithm} digest does not match ${id.slice(0, 200)}`);
    }
  }));
  return findings;
}

/** A multibase digest: the raw SHA-2 digest (identified by its length), or a multihash of one. */
function multibaseDigest(text: string): {algorithm: string; digest: Buffer} | undefined {
  let bytes: Uint8Array | undefined;
  if (text.startsWith('u') && /^[A-Za-z0-9_-]+$/.test(text.slice(1))) bytes = Buffer.from(text.slice(1), 'base64url');
  else if (text.startsWith('z')) bytes = decodeBase58(text.slice(1));
  if (!bytes) return undefined;
  const buffer = Buffer.from(bytes);
  for (const [algorithm, {multihash, length}] of Object.entries(ALGORITHMS)) {
    if (buffer.length === length) return {algorithm, digest: buffer};
    if (buffer.length === length + 2 && buffer[0] === multihash && buffer[1] === length) return {algorithm, digest: buffer.subarray(2)};
  }
  return undefined;
}
