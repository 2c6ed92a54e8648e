import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import jsonld from 'jsonld-shared-contexts';
import {CONTEXTS} from '../../src/credentials/contexts.ts';
import {DocumentResolver, type DocumentSource} from '../../src/credentials/documents.ts';
import {encodeStatusList} from '../../src/credentials/bitstring.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {abbreviate, clause, quote} from '../../src/credentials/verify/json.ts';
import {badge, createIssuer, resolverOf, sign, statusEntry, type Json, type TestIssuer} from './helpers/signing.ts';
import {check} from './helpers/report.ts';
import {assertLinear, assertNoDearerThan} from '../helpers/timing.ts';

/**
 * Work an attacker can make one verification do: regexes over the text it
 * sends, messages quoting it, and the schemas it points at.
 */
const NOW = new Date('2025-06-01T00:00:00Z');
const DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';


describe('verify: hostile text stays cheap', () => {
  it('a 200,000-dot verificationMethod fails in linear time, with a short message', async () => {
    const dots = (count: number) => ({
      '@context': [CONTEXTS.credentialsV2],
      type: ['VerifiableCredential'],
      issuer: DID,
      credentialSubject: {id: 'urn:x'},
      proof: {type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: '.'.repeat(count), proofValue: 'z1'},
    });
    const report = await verify(dots(200_000), {resolver: resolverOf({})});
    assert.equal(report.status, 'invalid');
    assert.ok(check(report, 'proof').message.length < 1000, `proof message of ${check(report, 'proof').message.length} characters`);
    await assertLinear((count) => verify(dots(count), {resolver: resolverOf({})}), 20_000);
  });

  it('clause() trims trailing dots in linear time', async () => {
    await assertLinear((count) => {
      clause(`${'.'.repeat(count)}" x`);
      clause('.'.repeat(count));
    }, 20_000);
    assert.equal(clause('  It failed...  '), 'It failed');
    assert.equal(clause('....'), '');
  });

  it('abbreviate() and quote() cut what they show, and shorten multibase keys', () => {
    assert.equal(abbreviate(DID), 'did:key:z6MkhaXgBZDv…');
    const long = abbreviate('x'.repeat(1_000_000));
    assert.equal(long.length, 201);
    assert.ok(long.endsWith('…'));
    assert.ok(quote({nested: 'y'.repeat(10_000)}).length <= 201);
    assert.equal(quote('short'), '"short"');
  });

  it('abbreviate() shows the same text whether or not it has seen the value before, at every cut length', () => {
    const key41 = `z${'A'.repeat(40)}`;
    const values = ['', 'short', 'y'.repeat(40), `x ${key41}`, key41, key41.slice(0, 40), DID, `${DID}#${DID.slice(8)}`, 'w'.repeat(199), 'w'.repeat(201), `${'v'.repeat(190)} ${key41}`];
    const first = values.map((value) => [abbreviate(value), abbreviate(value, 40), abbreviate(value, 10)]);
    const again = values.map((value) => [abbreviate(value), abbreviate(value, 40), abbreviate(value, 10)]);
    assert.deepEqual(again, first);
    assert.equal(abbreviate(key41), `${key41.slice(0, 12)}…`);
    assert.equal(abbreviate(key41.slice(0, 40)), key41.slice(0, 40));
    assert.equal(abbreviate('y'.repeat(40), 10), `${'y'.repeat(10)}…`);
    assert.equal(abbreviate('w'.repeat(201)), `${'w'.repeat(200)}…`);
    assert.equal(abbreviate(`${'v'.repeat(190)} ${key41}`), `${'v'.repeat(190)} ${key41.slice(0, 9)}…`);
  });

  it('long hostile values anywhere in a credential are read in linear time and quoted short', async () => {
    const issuer = await createIssuer();
    const hostile = (length: number) => {
      const credential = badge(issuer, {
        // Each aims at one regex of the stages: isAbsoluteUri, the dateTime pattern, the multibase key pattern, the OB context pattern.
        issuer: {id: `a${'a'.repeat(length)} `, type: ['Profile']},
        validFrom: `2024-01-01T00:00:00.${'1'.repeat(length)}X`,
        type: ['VerifiableCredential', `z${'1'.repeat(length)}`],
        credentialStatus: {type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '9'.repeat(length), statusListCredential: 'https://status.example/x'},
      });
      credential['@context'] = [CONTEXTS.credentialsV2, `https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3${'.json'.repeat(length / 5)}`];
      return credential;
    };
    const report = await verify(hostile(200_000), {resolver: resolverOf({})});
    assert.equal(report.status, 'invalid');
    for (const entry of report.checks) assert.ok(entry.message.length < 2000, `${entry.check}: ${entry.message.length} characters`);
    await assertLinear((length) => verify(hostile(length), {resolver: resolverOf({})}), 20_000);
  });

  it('a huge key above a wide array is named once, not copied into the path of every value beneath it', async () => {
    const wide = Array.from({length: 150_000}, () => 0);
    const above = (key: string) => ({
      '@context': [CONTEXTS.credentialsV2],
      type: ['VerifiableCredential'],
      issuer: DID,
      credentialSubject: {id: 'urn:x', [`ex:${key}`]: wide},
    });
    const credential = above('k'.repeat(500_000));
    const report = await verify(credential, {resolver: resolverOf({})});
    // Copied per value, the long key would cost 150,000 × 500,000 characters; named once, about what a short one costs.
    await assertNoDearerThan(() => verify(credential, {resolver: resolverOf({})}), () => verify(above('k'), {resolver: resolverOf({})}));
    assert.match(check(report, 'context').message, /^The key "ex:k+…" at \/credentialSubject is written as an IRI/);
    assert.ok(check(report, 'context').message.length < 1000);
  });

  it('a credential whose proof does not verify is not expanded for the graph comparison (it costs as much as canonicalisation)', async () => {
    const issuer = await createIssuer();
    // 60,000 typed nodes: each applies a type-scoped context, some seconds of JSON-LD expansion.
    const unsigned = badge(issuer, {evidence: Array.from({length: 60_000}, () => ({type: 'Evidence'}))});
    const signed = await sign(badge(issuer, {evidence: [{type: 'Evidence'}]}), issuer);
    const expanded: unknown[] = [];
    const library = jsonld as unknown as {expand: (document: unknown, options: unknown) => Promise<unknown>};
    const expand = library.expand;
    library.expand = function (this: unknown, document, options) {
      expanded.push(document);
      return expand.call(this, document, options);
    };
    try {
      assert.equal((await verify(signed, {resolver: resolverOf({}), now: NOW})).status, 'valid');
      assert.ok(expanded.some((document) => (document as {evidence?: unknown}).evidence !== undefined), 'a credential whose proof verifies is expanded (the spy sees it)');
      expanded.length = 0;
      const report = await verify(unsigned, {resolver: resolverOf({}), now: NOW});
      assert.equal(check(report, 'proof').result, 'failed');
      assert.equal(expanded.length, 0, 'nothing was expanded');
    } finally {
      library.expand = expand;
    }
  });
});

/** A document source that records what it is asked for. */
function recording(documents: Record<string, unknown>): {resolver: DocumentResolver; asked: string[]} {
  const asked: string[] = [];
  const source: DocumentSource = {
    async get(url) {
      asked.push(url);
      return documents[url];
    },
  };
  return {resolver: new DocumentResolver([source]), asked};
}

/** A JSON Schema of about `bytes` bytes that every object satisfies. */
function schemaOfSize(bytes: number): Json {
  const properties: Record<string, unknown> = {};
  for (let index = 0, size = 0; size < bytes; index++) {
    const property = {type: 'string', pattern: `^a{1,${(index % 50) + 1}}$`};
    properties[`p${index}`] = property;
    size += JSON.stringify(property).length + 10;
  }
  return {$schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object', properties};
}

describe('verify: schemas a credential lists', () => {
  const SCHEMA_URL = 'https://schemas.example/badge.json';
  const LIST_URL = 'https://status.example/lists/schema';
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createIssuer();
  });

  const listing = (extra: Json = {}) => badge(issuer, {credentialSchema: [{id: SCHEMA_URL, type: 'JsonSchema'}], ...extra});

  it('checks a small one', async () => {
    const credential = await sign(listing(), issuer);
    const report = await verify(credential, {resolver: resolverOf({[SCHEMA_URL]: schemaOfSize(10_000)}), now: NOW});
    assert.equal(report.status, 'valid');
    assert.match(check(report, 'schema').message, /conforms to the schema it lists/);
  });

  it('leaves one larger than 16 KiB unchecked, with a warning, without compiling it', async () => {
    const credential = await sign(listing(), issuer);
    const large = schemaOfSize(2_000_000);
    const resolver = resolverOf({[SCHEMA_URL]: large});
    const report = await verify(credential, {resolver, now: NOW});
    assert.equal(report.status, 'valid');
    assert.equal(check(report, 'schema').result, 'warning');
    assert.ok(report.warnings.includes(`The credentialSchema ${SCHEMA_URL} was not checked: schema larger than 16 KiB.`), report.warnings.join('\n'));
    // Compiling two megabytes of patterns would cost seconds (or overflow Ajv's stack); refused after
    // measuring it, it costs what a small schema does plus serialising the large one once.
    const small = resolverOf({[SCHEMA_URL]: schemaOfSize(10_000)});
    await assertNoDearerThan(() => verify(credential, {resolver, now: NOW}), async () => {
      await verify(credential, {resolver: small, now: NOW});
      JSON.stringify(large);
    });
  });

  it('does not fetch or check the schemas a status list lists when verifying it for a credential', async () => {
    const list = await sign(
      {
        '@context': [CONTEXTS.credentialsV2],
        id: LIST_URL,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: issuer.id,
        validFrom: '2024-01-01T00:00:00Z',
        credentialSchema: [{id: 'https://schemas.example/list.json', type: 'JsonSchema'}],
        credentialSubject: {id: `${LIST_URL}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: encodeStatusList([], 131_072)},
      },
      issuer,
    );
    const credential = await sign(badge(issuer, {credentialStatus: statusEntry(LIST_URL, 'revocation', 3)}), issuer);
    const forCredential = recording({[LIST_URL]: list});
    assert.equal((await verify(credential, {resolver: forCredential.resolver, now: NOW})).status, 'valid');
    assert.deepEqual(forCredential.asked, [LIST_URL]);
    // Verified on its own, the list's schema is looked for as usual.
    const alone = recording({});
    const report = await verify(list, {resolver: alone.resolver, now: NOW});
    assert.deepEqual(alone.asked, ['https://schemas.example/list.json']);
    assert.match(report.warnings.join(' '), /list\.json could not be obtained/);
    const skipped = await verify(list, {resolver: recording({}).resolver, now: NOW, checkListedSchemas: false});
    assert.match(check(skipped, 'schema').message, /it lists was not checked/);
  });
});
