import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {isDeepStrictEqual} from 'node:util';
import fc from 'fast-check';
import jsonld from 'jsonld';
import * as rdfCanonize from 'rdf-canonize';
import {canonizeRdfc, expandPinned} from '../../src/credentials/canonize.ts';
import type {Quad} from '../../src/credentials/canonical-template.ts';
import {CONTEXTS, definedTerms, pinnedContextLoader} from '../../src/credentials/contexts.ts';
import {ExpansionTemplates, shapeKey} from '../../src/credentials/expansion-template.ts';
import {outcome} from './helpers/differential.ts';

/**
 * Templates compiled from one document of a shape, filled with another's
 * strings, against stock jsonld.js (unpatched) and rdf-canonize run on that
 * other document. The strings are the ones that could go wrong: compact IRIs
 * whose prefix a pinned context defines, IRIs that are terms, blank node
 * ids, relative references, JSON-LD keywords, Unicode, equal values in two
 * places (merged nodes, duplicate quads), sentinel look-alikes.
 */
type Json = Record<string, unknown>;

const OPTIONS = {base: null, safe: true, documentLoader: pinnedContextLoader};
const RDF = {...OPTIONS, rdfDirection: 'i18n-datatype', algorithm: 'RDFC-1.0', produceGeneralizedRdf: false};

function stockExpand(document: Json): Promise<unknown[]> {
  return jsonld.expand(document, OPTIONS) as Promise<unknown[]>;
}

async function stockCanonize(document: Json): Promise<string> {
  const dataset = await jsonld.toRDF(document, RDF);
  return rdfCanonize.canonize(dataset, {algorithm: 'RDFC-1.0', format: 'application/n-quads'});
}


const HOSTILE = [
  'https://x.example/a',
  'https://x.example/b#frag',
  'HTTPS://X.EXAMPLE/A',
  'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
  'did:web:issuer.example',
  'urn:uuid:3f0e2f5c-1c1e-4c1e-9c1e-1c1e1c1e1c1e',
  'urn:x',
  'mailto:a@example.org',
  'xsd:string',
  'schema:name',
  'cred:issuer',
  'sec:proof',
  'dc:title',
  'rdf:type',
  'ob:Achievement',
  'VerifiableCredential',
  'OpenBadgeCredential',
  'https://www.w3.org/2018/credentials#VerifiableCredential',
  'https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement',
  'id',
  'type',
  '@id',
  '@type',
  '@context',
  '_:b0',
  '_:c14n0',
  'relative',
  '#frag',
  '/path',
  '',
  ' ',
  '2024-01-01T00:00:00Z',
  'not a date',
  'ø',
  '𝔘𝔫𝔦',
  'e\u0301',
  '\u0000',
  '"\\\n\t',
  'https://ü.example/k',
  'https://x.example/a b',
  'https://x.example/<a>',
  'hallmark 0 0',
  'https:hallmark-0-0',
];

/** Mostly what credentials hold, often something worse. */
const value = fc.oneof(
  {arbitrary: fc.constantFrom(...HOSTILE), weight: 1},
  {arbitrary: fc.string({maxLength: 12}), weight: 1},
  {arbitrary: fc.webUrl({withFragments: true}), weight: 3},
  {arbitrary: fc.uuid().map((uuid) => `urn:uuid:${uuid}`), weight: 1},
);
/** In places that take IRIs the odd hostile one is enough: one makes the whole document fail. */
const iri = fc.oneof({arbitrary: fc.webUrl({withFragments: true, withQueryParameters: true}), weight: 12}, {arbitrary: fc.constantFrom(...HOSTILE), weight: 1});

/** A credential-like document: optional parts, arrays, values from the hostile pool. */
const documentArbitrary = fc
  .record({
    contexts: fc.constantFrom([CONTEXTS.credentialsV2, CONTEXTS.ob], [CONTEXTS.credentialsV2, CONTEXTS.ob, CONTEXTS.ed25519Signature2020], [CONTEXTS.credentialsV1, CONTEXTS.ob]),
    id: iri,
    issuer: fc.oneof(iri, fc.record({id: iri, type: fc.constant(['Profile']), name: value}, {requiredKeys: ['id']})),
    name: fc.oneof(value, fc.array(value, {minLength: 1, maxLength: 3})),
    validFrom: fc.oneof({arbitrary: fc.date({noInvalidDate: true, min: new Date(0), max: new Date(4e12)}).map((date) => date.toISOString()), weight: 4}, {arbitrary: value, weight: 1}),
    subjectId: fc.option(iri, {nil: undefined}),
    achievementId: iri,
    achievementName: value,
    narrative: value,
    criteriaId: fc.option(iri, {nil: undefined}),
    evidence: fc.array(fc.record({id: iri, type: fc.constant(['Evidence']), name: value}, {requiredKeys: ['type']}), {maxLength: 3}),
    statusList: fc.option(iri, {nil: undefined}),
  })
  .map((parts): Json => ({
    '@context': parts.contexts,
    id: parts.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: parts.issuer,
    name: parts.name,
    validFrom: parts.validFrom,
    credentialSubject: {
      ...(parts.subjectId === undefined ? {} : {id: parts.subjectId}),
      type: ['AchievementSubject'],
      achievement: {
        id: parts.achievementId,
        type: ['Achievement'],
        name: parts.achievementName,
        criteria: {...(parts.criteriaId === undefined ? {} : {id: parts.criteriaId}), narrative: parts.narrative},
      },
    },
    ...(parts.evidence.length > 0 ? {evidence: parts.evidence} : {}),
    ...(parts.statusList === undefined
      ? {}
      : {credentialStatus: {id: `${parts.statusList}#1`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '1', statusListCredential: parts.statusList}}),
  }));

function termsOf(document: Json): Set<string> {
  return new Set(([document['@context']].flat() as string[]).flatMap((url) => [...definedTerms(url)]));
}

/** `document` with as many of its strings replaced from `pool` as keep its shape. */
function sameShapeVariant(document: Json, pool: string[]): Json {
  const terms = termsOf(document);
  const key = shapeKey(document, terms);
  let variant = document;
  let next = 0;
  const paths: Array<Array<string | number>> = [];
  const collect = (node: unknown, path: Array<string | number>): void => {
    if (typeof node === 'string') paths.push(path);
    else if (Array.isArray(node)) node.forEach((child, index) => collect(child, [...path, index]));
    else if (node && typeof node === 'object') {
      for (const [name, child] of Object.entries(node)) if (name !== '@context') collect(child, [...path, name]);
    }
  };
  collect(document, []);
  for (const path of paths) {
    const candidate = pool[next++ % pool.length];
    const before = variant;
    variant = structuredClone(variant);
    let node = variant as Record<string | number, unknown>;
    for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
    node[path[path.length - 1]] = candidate;
    if (shapeKey(variant, terms) !== key) variant = before;
  }
  return variant;
}

describe('expansion and canonical templates', () => {
  it('fill a template compiled from one document with another of its shape exactly as stock jsonld.js expands and canonicalises it', async (t) => {
    let templated = 0;
    let canonicalised = 0;
    await fc.assert(
      fc.asyncProperty(documentArbitrary, fc.array(value, {minLength: 1, maxLength: 20}), async (first, pool) => {
        const templates = new ExpansionTemplates({
          expand: stockExpand,
          toRdf: (expanded) => jsonld.toRDF(expanded, {...RDF, skipExpansion: true}) as Promise<Quad[]>,
        });
        const second = sameShapeVariant(first, pool);
        const terms = termsOf(first);
        // First sight of a shape records it; the second compiles from `first`; `second` is filled in.
        assert.equal(await templates.expand(first, terms), undefined);
        await templates.expand(first, terms);
        const expanded = await outcome(async () => templates.expand(second, terms));
        const canonical = await outcome(async () => templates.canonize(second, terms));
        const reference = {expanded: await outcome(() => stockExpand(second)), canonical: await outcome(() => stockCanonize(second))};
        // A template never throws: what it cannot do it leaves to the full algorithm.
        assert.ok(!expanded.failed && !canonical.failed);
        if (expanded.value !== undefined) {
          templated++;
          assert.deepEqual({value: expanded.value}, reference.expanded, 'expansion differs from stock jsonld.js');
        }
        if (canonical.value !== undefined) {
          canonicalised++;
          assert.deepEqual({value: canonical.value}, reference.canonical, 'canonical N-Quads differ from stock jsonld.js + rdf-canonize');
        }
      }),
      {numRuns: 400},
    );
    t.diagnostic(`templated ${templated}, canonicalised ${canonicalised} of 400`);
    // The property is not vacuous: most generated shapes do take the template.
    assert.ok(templated > 100 && canonicalised > 100, `templated ${templated}, canonicalised ${canonicalised} of 400`);
  });

  it('give the same answers through canonize.ts as stock jsonld.js, whichever path each document takes', async () => {
    await fc.assert(
      fc.asyncProperty(documentArbitrary, fc.array(value, {minLength: 1, maxLength: 20}), async (first, pool) => {
        for (const document of [first, first, sameShapeVariant(first, pool), sameShapeVariant(first, [...pool].reverse())]) {
          const copy = structuredClone(document);
          assert.deepEqual(await outcome(() => canonizeRdfc(copy)), await outcome(() => stockCanonize(copy)));
          assert.deepEqual(await outcome(async () => structuredClone(await expandPinned(copy))), await outcome(() => stockExpand(copy)));
        }
      }),
      {numRuns: 150},
    );
  });

  it('never template a document with a nested @context or an own __proto__, and fill equal values as separate strings', async () => {
    const terms = termsOf({'@context': [CONTEXTS.credentialsV2]});
    const nested = {'@context': [CONTEXTS.credentialsV2], type: ['VerifiableCredential'], credentialSubject: {'@context': {name: 'https://evil.example/'}, name: 'x'}};
    assert.equal(shapeKey(nested, terms), undefined);
    const proto = JSON.parse(`{"@context": ["${CONTEXTS.credentialsV2}"], "type": ["VerifiableCredential"], "__proto__": {"name": "x"}}`) as Json;
    assert.equal(shapeKey(proto, terms), undefined);
    // The same IRI as issuer and subject merges two nodes: identical quads are then made once, or the full algorithm decides.
    const same = (id: string, name: string): Json => ({
      '@context': [CONTEXTS.credentialsV2],
      type: ['VerifiableCredential'],
      issuer: {id, name},
      credentialSubject: {id: `${id}`, name},
    });
    for (const document of [same('https://a.example/1', 'n'), same('https://a.example/2', 'n'), same('https://a.example/3', 'm')]) {
      assert.deepEqual(await canonizeRdfc(structuredClone(document)), await stockCanonize(document));
    }
  });

  it('answer as stock jsonld.js where JSON text or a template would blur the difference (review findings)', async () => {
    const v2 = [CONTEXTS.credentialsV2];
    // Two nodes merged by a filled-in id with different @index: JSON-LD refuses the merge.
    const indexed = (subject: string): Json => ({'@context': v2, type: ['VerifiableCredential'], issuer: {id: 'https://a.example/1', '@index': 'x'}, credentialSubject: {id: subject, '@index': 'y'}});
    for (const document of [indexed('https://a.example/2'), indexed('https://a.example/2'), indexed('https://a.example/1')]) {
      assert.deepEqual(await outcome(() => canonizeRdfc(structuredClone(document))), await outcome(() => stockCanonize(document)));
    }
    // 1e400 reads as Infinity and null is dropped, yet JSON.stringify writes both as null; -0 and 0 alike.
    const numbered = (host: string, value: string): Json =>
      JSON.parse(`{"@context": ["${CONTEXTS.credentialsV2}"], "type": ["VerifiableCredential"], "credentialSubject": {"id": "https://${host}/", "https://ex.example/n": ${value}}}`) as Json;
    for (const [host, first, second] of [['one.example', 'null', '1e400'], ['two.example', '0', '-0'], ['three.example', 'null', '-1e400']]) {
      for (const value of [first, first, second]) {
        const document = numbered(host, value);
        assert.deepEqual(await outcome(() => canonizeRdfc(document)), await outcome(() => stockCanonize(numbered(host, value))), `${host} ${value}`);
        assert.ok(isDeepStrictEqual(await expandPinned(numbered(host, value)), await stockExpand(numbered(host, value))), `${host} ${value} expansion`);
      }
    }
    // The proof-options template keys its shapes by JSON text too.
    const options = (created: string, value: string): Json =>
      JSON.parse(`{"@context": "${CONTEXTS.credentialsV2}", "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "${created}", "verificationMethod": "did:key:z6Mk#z6Mk", "proofPurpose": "assertionMethod", "https://ex.example/n": ${value}}`) as Json;
    for (const [created, value] of [['2024-01-01T00:00:00Z', 'null'], ['2024-01-02T00:00:00Z', 'null'], ['2024-01-05T00:00:00Z', '1e400']]) {
      assert.deepEqual(await outcome(() => canonizeRdfc(options(created, value), {documentLoader: pinnedContextLoader})), await outcome(() => stockCanonize(options(created, value))));
    }
  });

  it('compile a shape only when a second, different document of it comes, and never for a one-off', async () => {
    let expansions = 0;
    const templates = new ExpansionTemplates({
      expand: (document) => (expansions++, stockExpand(document)),
      toRdf: (expanded) => jsonld.toRDF(expanded, {...RDF, skipExpansion: true}) as Promise<Quad[]>,
    });
    const named = (name: string): Json => ({'@context': [CONTEXTS.credentialsV2], type: ['VerifiableCredential'], name});
    const terms = termsOf(named('x'));
    // The same document canonicalised and then graph-checked is one sighting: nothing is compiled for it.
    assert.equal(await templates.canonize(named('first'), terms), undefined);
    assert.equal(await templates.expand(named('first'), terms), undefined);
    assert.equal(expansions, 0);
    assert.ok(await templates.canonize(named('second'), terms));
    assert.equal(expansions, 1);
    assert.ok(await templates.expand(named('third'), terms));
    assert.equal(expansions, 1);
  });
});
