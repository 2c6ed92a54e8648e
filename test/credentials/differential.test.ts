import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as stockEddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {canonizeRdfc, expandPinned} from '../../src/credentials/canonize.ts';
import {CONTEXTS, pinnedContextLoader} from '../../src/credentials/contexts.ts';
import {DocumentResolver, MapDocumentSource} from '../../src/credentials/documents.ts';
import {generateEd25519Key, signCredential, type ProofType, type SigningKey} from '../../src/credentials/sign.ts';
import {createDocumentLoader} from '../../src/credentials/verify/document-loader.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {verificationSuites} from '../../src/credentials/verify/suites.ts';
import type {VerificationReport} from '../../src/credentials/report.ts';
import {encodeStatusList} from '../../src/credentials/bitstring.ts';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {differentialCredential, outcome} from './helpers/differential.ts';

/**
 * The fast path (canonize.ts on the patched jsonld copy, remembered
 * expansions, canonical forms and signatures) against the reference path
 * (stock jsonld.js canonicalisation, @digitalbazaar/vc with stock suites)
 * over generated credentials: valid, tampered in one field, keys re-ordered,
 * any Unicode, both proof suites we issue. Canonical N-Quads, the graph the
 * graph check reads, and verdicts must be identical.
 */
type Json = Record<string, unknown>;

const LIST_URL = 'https://status.example/lists/1';
const stockSuites = [new DataIntegrityProof({cryptosuite: stockEddsaRdfc2022}), new Ed25519Signature2020()];

/** Reference canonicalisation: the stock cryptosuite's canonize, on unpatched jsonld.js. */
function referenceCanonize(document: unknown): Promise<string> {
  return (stockEddsaRdfc2022.canonize as (input: unknown, options: Json) => Promise<string>)(document, {documentLoader: pinnedContextLoader});
}


/** The same JSON with every object's keys in another order (JSON-LD must not care). */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item) => reorder(item, seed));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const rotated = entries.map((_, index) => entries[(index + seed) % entries.length]).reverse();
  return Object.fromEntries(rotated.map(([key, child]) => [key, reorder(child, seed + 1)]));
}

const TAMPERABLE: Array<[path: string[], text: boolean]> = [
  [['name'], true],
  [['id'], false],
  [['issuer', 'name'], true],
  [['validFrom'], false],
  [['credentialSubject', 'id'], false],
  [['credentialSubject', 'achievement', 'name'], true],
  [['credentialSubject', 'achievement', 'criteria', 'narrative'], true],
  [['credentialStatus', 'statusListIndex'], false],
  [['proof', 'created'], false],
  [['proof', 'proofValue'], false],
];

function tamper(credential: Json, which: number, text: string): Json {
  const copy = structuredClone(credential);
  const [path, free] = TAMPERABLE[which % TAMPERABLE.length];
  let node = copy as Json;
  for (const key of path.slice(0, -1)) node = (Array.isArray(node[key]) ? (node[key] as Json[])[0] : node[key]) as Json;
  const last = path[path.length - 1];
  const old = String(node[last]);
  const replacements: Record<string, string> = {
    id: 'urn:uuid:11111111-2222-4333-8444-555555555555',
    validFrom: '2023-06-01T00:00:00Z',
    created: '2023-06-01T00:00:00Z',
    statusListIndex: '99',
    proofValue: old.startsWith('z') ? `z${old[old.length - 1]}${old.slice(1, -1)}` : old,
  };
  const next = free ? `${old}${text}` : last === 'id' && path.length > 1 ? 'https://tampered.example/x' : replacements[last];
  node[last] = next === old ? `${old}x` : next;
  return copy;
}

describe('fast path vs reference path (canonical forms and verdicts)', () => {
  let key: SigningKey;
  let resolver: DocumentResolver;

  before(async () => {
    const generated = await generateEd25519Key();
    const did = `did:key:${generated.publicKeyMultibase}`;
    key = {verificationMethod: `${did}#${generated.publicKeyMultibase}`, controller: did, ...generated};
    const list = await signCredential(
      {
        '@context': [CONTEXTS.credentialsV2],
        id: LIST_URL,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: did,
        validFrom: '2024-01-01T00:00:00Z',
        credentialSubject: {id: `${LIST_URL}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeStatusList([3], 131_072)},
      },
      key,
      'DataIntegrityProof',
    );
    resolver = new DocumentResolver([new MapDocumentSource(new Map([[LIST_URL, list]]))]);
  });

  function credentialOf(proofType: ProofType, name: string, subjectName: string, narrative: string, index: number): Json {
    return differentialCredential({issuer: key.controller, proofType, name, subjectName, narrative, index, statusList: LIST_URL});
  }

  /** The reference verdict: @digitalbazaar/vc with the stock suites and the loader our pipeline builds. */
  async function referenceVerdict(credential: Json): Promise<boolean> {
    const proofs = [credential.proof].flat() as Json[];
    const {documentLoader} = createDocumentLoader({resolver, issuerId: key.controller, verificationMethods: proofs.map((proof) => String(proof.verificationMethod))});
    const result = await vc.verifyCredential({credential, suite: stockSuites, documentLoader, checkStatus: async () => ({verified: true})});
    return result.verified;
  }

  function proofPassed(report: VerificationReport): boolean {
    return report.checks.find((check) => check.check === 'proof')?.result === 'passed';
  }

  async function assertSameCanonicalForms(document: Json): Promise<void> {
    const {proof, ...unsigned} = document;
    for (const input of [unsigned, ...[proof].flat().filter(Boolean).map((p) => ({'@context': document['@context'], ...(p as Json), proofValue: undefined}))]) {
      const clean = JSON.parse(JSON.stringify(input)) as Json;
      const [fast, reference] = await Promise.all([outcome(() => canonizeRdfc(clean)), outcome(() => referenceCanonize(clean))]);
      assert.deepEqual(fast, reference, 'canonical N-Quads differ');
    }
    // The graph check reads expandPinned's expansion; the reference reads stock jsonld.expand as the check did before.
    const [fast, reference] = await Promise.all([
      outcome(async () => structuredClone(await expandPinned(unsigned))),
      outcome(() => jsonld.expand(unsigned, {documentLoader: pinnedContextLoader, safe: true})),
    ]);
    assert.deepEqual(fast, reference, 'expanded graphs differ');
  }

  it('runs on the patched jsonld.js copy (patch-package ran on install) while stock jsonld stays unpatched', () => {
    const require = createRequire(import.meta.url);
    const source = (name: string) => readFileSync(require.resolve(`${name}/lib/context.js`), 'utf8');
    assert.match(source('jsonld-shared-contexts'), /child\.mappings = new Map\(this\.mappings\)/);
    assert.match(source('jsonld'), /child\.mappings = util\.clone\(this\.mappings\)/);
  });

  it('fills proof-option templates exactly as the full algorithm canonicalises, and falls back for what it cannot', async () => {
    const prefixes = ['did', 'https', 'urn', 'xsd', 'sec', 'cred', 'schema', 'dc', 'rdf', 'rdfs', 'ob', 'id', 'type', 'proof', 'VerifiableCredential', '_'];
    const date = fc.date({min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true}).map((d) => d.toISOString());
    const created = fc.oneof(
      date,
      date.map((d) => d.replace('.000', '')),
      date.map((d) => d.replace('Z', '+05:30')),
      fc.string({maxLength: 25}),
      fc.constantFrom('2024-01-01T00:00:00Z" .', '2024-01-01', '2024-01-01T00:00:00\\Z', 'hallmark-sentinel-0b1f3d', '1999-09-09T09:09:09Z'),
    );
    const method = fc.oneof(
      fc.tuple(fc.constantFrom(...prefixes), fc.string({maxLength: 20}), fc.constantFrom('', '//', '#', ':')).map(([prefix, rest, joint]) => `${prefix}:${joint}${rest}`),
      fc.webUrl({withFragments: true, withQueryParameters: true}),
      fc.string({maxLength: 20}),
      fc.constantFrom('did:key:z6Mk#z6Mk', 'did:hallmark-sentinel-0b1f3d', 'relative#key', 'https://x.example/a b', 'https://x.example/<a>', 'https://ü.example/k'),
    );
    const contexts = fc.constantFrom(
      [CONTEXTS.credentialsV2, CONTEXTS.ob],
      [CONTEXTS.credentialsV2, CONTEXTS.ob, CONTEXTS.ed25519Signature2020],
      [CONTEXTS.credentialsV2],
      [CONTEXTS.credentialsV1, CONTEXTS.ob],
    );
    await fc.assert(
      fc.asyncProperty(
        contexts,
        fc.constantFrom('DataIntegrityProof', 'Ed25519Signature2020'),
        created,
        method,
        fc.constantFrom('assertionMethod', 'authentication', 'sec:assertionMethod'),
        fc.option(fc.record({challenge: fc.string({maxLength: 8}), expires: created}, {requiredKeys: []}), {nil: undefined}),
        async (context, type, createdValue, verificationMethod, proofPurpose, extra) => {
          const options = {'@context': context, type, cryptosuite: 'eddsa-rdfc-2022', created: createdValue, verificationMethod, proofPurpose, ...extra};
          const reference = await outcome(() => referenceCanonize(options));
          assert.deepEqual(await outcome(() => canonizeRdfc(options)), reference);
          // Again, now that the shape's template (or its refusal) is remembered.
          assert.deepEqual(await outcome(() => canonizeRdfc(structuredClone(options))), reference);
        },
      ),
      {numRuns: 300},
    );
  });

  /** What the library says about one credential with the given suites: verdict and every error message, in order. */
  async function libraryOutcome(credential: Json, suite: unknown[]): Promise<{verified: boolean; errors: string[]}> {
    const {documentLoader} = createDocumentLoader({resolver, issuerId: key.controller, verificationMethods: [key.verificationMethod]});
    const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus: async () => ({verified: true})});
    const messages = (error: unknown): string[] =>
      Array.isArray(error) ? error.flatMap(messages) : error instanceof Error ? [error.message, ...messages((error as {errors?: unknown}).errors ?? [])] : [];
    return {verified: result.verified, errors: [...messages(result.error), ...(result.results ?? []).flatMap((entry) => messages(entry.error))]};
  }

  it('judges every spelling of a proofValue with the verdicts and errors of the stock suites', async () => {
    const signed = await signCredential(credentialOf('DataIntegrityProof', 'Decoded', 'subject', 'narrative', 5), key, 'DataIntegrityProof');
    const proof = [signed.proof].flat()[0] as Json;
    const value = String(proof.proofValue);
    const {decode} = await import('base58-universal');
    const base64url = `u${Buffer.from(decode(value.slice(1)) ?? []).toString('base64url')}`;
    const variants = [
      value,
      `z${value[value.length - 1]}${value.slice(1, -1)}`,
      `${value.slice(0, 20)}${value[21]}${value[20]}${value.slice(22)}`,
      `z1${value.slice(1)}`,
      `${value.slice(0, -1)}`,
      `${value.slice(0, 30)} ${value.slice(30)}`,
      `${value.slice(0, 30)}0${value.slice(31)}`,
      'z',
      'z1111',
      base64url,
      `u${base64url.slice(2)}`,
      value.slice(1),
      '',
    ];
    for (const proofValue of variants) {
      const credential = {...signed, proof: [{...proof, proofValue}]};
      const [ours, stock] = [await libraryOutcome(credential, verificationSuites), await libraryOutcome(credential, stockSuites)];
      assert.deepEqual(ours, stock, `proofValue ${JSON.stringify(proofValue)}`);
    }
    assert.equal((await libraryOutcome({...signed, proof: [proof]}, verificationSuites)).verified, true);
    assert.equal((await libraryOutcome({...signed, proof: [{...proof, proofValue: base64url}]}, verificationSuites)).verified, true);
  });

  it('gives identical canonical forms, graphs and verdicts for valid, tampered and re-ordered credentials', async () => {
    const text = fc.oneof(fc.string({unit: 'grapheme', maxLength: 30}), fc.string({unit: 'binary', maxLength: 12}), fc.constantFrom('', ' ', '"\\\n\t', '\u0000', 'ø', '𝔘𝔫𝔦', 'e\u0301'));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<ProofType>('DataIntegrityProof', 'Ed25519Signature2020'),
        text,
        text,
        text,
        fc.integer({min: 0, max: 1000}),
        fc.nat(),
        fc.nat(),
        async (proofType, name, subjectName, narrative, index, which, seed) => {
          runs++;
          const signed = await signCredential(credentialOf(proofType, name, subjectName, narrative, index), key, proofType);
          const tampered = tamper(signed, which, name || 'x');
          const reordered = reorder(signed, seed) as Json;
          const verdicts: boolean[] = [];
          for (const credential of [signed, tampered, reordered]) {
            await assertSameCanonicalForms(credential);
            const reference = await referenceVerdict(credential);
            verdicts.push(reference);
            const first = await verify(credential, {resolver});
            // Again: the second time runs on remembered expansions, canonical forms and signatures.
            const again = await verify(credential, {resolver});
            assert.equal(proofPassed(first), reference, `proof verdict differs from the reference: ${JSON.stringify(first.checks)}`);
            assert.deepEqual(again, first, 'a remembered result changed the report');
          }
          assert.deepEqual(verdicts, [true, false, true], 'the reference accepts what the fast path signed, in any key order, and refuses it tampered');
        },
      ),
      // 400 runs of three: 1,200 credentials through both paths (about 15 s).
      {numRuns: 400},
    );
    assert.ok(runs >= 400);
  });
});
