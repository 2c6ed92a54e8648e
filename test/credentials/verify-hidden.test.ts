import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {CONTEXTS} from '../../src/credentials/contexts.ts';
import {findHiddenStatements} from '../../src/credentials/verify/graph-check.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {badge, createIssuer, resolverOf, sign, statusEntry, statusList, type Json} from './helpers/signing.ts';
import {check} from './helpers/report.ts';

/**
 * Signed statements hidden from the JSON stages: the same RDF graph (so the
 * same signature) written with keys those stages do not read. Each case is
 * refused twice over — by the shape rule (key-shape.ts) in verify(), and by
 * the graph comparison (graph-check.ts) on its own, which is what catches
 * an alias a pinned context might define one day.
 */
const NOW = new Date('2025-06-01T00:00:00Z');
const LIST_URL = 'https://status.example/lists/hidden';
const CREDENTIALS = 'https://www.w3.org/2018/credentials#';
const STATUS = 'https://www.w3.org/ns/credentials/status#';
const DATE_TIME = 'http://www.w3.org/2001/XMLSchema#dateTime';

/** `object` with `key` replaced by `iri`, its value rewritten to the expanded form that keeps the graph the same. */
function renamed(object: Json, key: string, iri: string, value: (original: unknown) => unknown = (original) => original): Json {
  const copy = structuredClone(object);
  copy[iri] = value(copy[key]);
  delete copy[key];
  return copy;
}

const typedDate = (value: unknown) => ({'@value': value, '@type': DATE_TIME});

interface Case {
  name: string;
  /** The signed credential rewritten. */
  make: () => Json;
  /** What the context check must name. */
  key: RegExp;
  /** What the graph comparison must name. */
  property: RegExp;
  /** The rewrite leaves the signed graph as it was (the library needs some keys under their own names). */
  signatureHolds: boolean;
}

describe('verify: signed statements hidden under keys the checks do not read', () => {
  let revokedAndExpired: Json;
  let v1: Json;
  let resolver: ReturnType<typeof resolverOf>;
  const cases: Case[] = [];

  before(async () => {
    const issuer = await createIssuer();
    resolver = resolverOf({[LIST_URL]: await statusList(issuer, {url: LIST_URL, purpose: 'revocation', setBits: [7]})});
    revokedAndExpired = await sign(badge(issuer, {validUntil: '2025-01-01T00:00:00Z', credentialStatus: statusEntry(LIST_URL, 'revocation', 7)}), issuer);
    const {validFrom: _validFrom, ...unsignedV1} = badge(issuer, {
      '@context': [CONTEXTS.credentialsV1, CONTEXTS.ob, CONTEXTS.dataIntegrityV2],
      issuanceDate: '2024-01-01T00:00:00Z',
      expirationDate: '2025-01-01T00:00:00Z',
    });
    v1 = await sign(unsignedV1, issuer);
    const inEntry = (key: string, iri: string, value?: (original: unknown) => unknown) => () => ({
      ...structuredClone(revokedAndExpired),
      credentialStatus: renamed(revokedAndExpired.credentialStatus as Json, key, iri, value),
    });
    cases.push(
      {name: 'validFrom', make: () => renamed(revokedAndExpired, 'validFrom', `${CREDENTIALS}validFrom`, typedDate), key: /credentials#validFrom/, property: /validFrom/, signatureHolds: true},
      {name: 'validUntil', make: () => renamed(revokedAndExpired, 'validUntil', `${CREDENTIALS}validUntil`, typedDate), key: /credentials#validUntil/, property: /validUntil/, signatureHolds: true},
      {name: 'issuanceDate (VC 1.1)', make: () => renamed(v1, 'issuanceDate', `${CREDENTIALS}issuanceDate`, typedDate), key: /credentials#issuanceDate/, property: /issuanceDate/, signatureHolds: false},
      {name: 'expirationDate (VC 1.1)', make: () => renamed(v1, 'expirationDate', `${CREDENTIALS}expirationDate`, typedDate), key: /credentials#expirationDate/, property: /expirationDate/, signatureHolds: true},
      {name: 'credentialStatus', make: () => renamed(revokedAndExpired, 'credentialStatus', `${CREDENTIALS}credentialStatus`), key: /credentials#credentialStatus/, property: /credentialStatus/, signatureHolds: true},
      {name: 'issuer', make: () => renamed(revokedAndExpired, 'issuer', `${CREDENTIALS}issuer`), key: /credentials#issuer/, property: /the issuer/, signatureHolds: false},
      {name: 'statusPurpose', make: inEntry('statusPurpose', `${STATUS}statusPurpose`), key: /status#statusPurpose/, property: /statusPurpose of the credentialStatus entry/, signatureHolds: true},
      {name: 'statusListIndex', make: inEntry('statusListIndex', `${STATUS}statusListIndex`), key: /status#statusListIndex/, property: /statusListIndex of the credentialStatus entry/, signatureHolds: true},
      {
        name: 'statusListCredential',
        make: inEntry('statusListCredential', `${STATUS}statusListCredential`, (url) => ({'@id': url})),
        key: /status#statusListCredential/,
        property: /statusListCredential of the credentialStatus entry/,
        signatureHolds: true,
      },
      {name: 'the status entry id (as @id)', make: inEntry('id', '@id'), key: /"@id" at \/credentialStatus is a JSON-LD keyword/, property: /the id of the credentialStatus entry/, signatureHolds: true},
      {
        name: 'credentialStatus under an alias from an inline context',
        make: () => {
          const aliased = renamed(revokedAndExpired, 'credentialStatus', 'revocationStatus');
          aliased['@context'] = [...(revokedAndExpired['@context'] as string[]), {revocationStatus: {'@id': `${CREDENTIALS}credentialStatus`, '@type': '@id'}}];
          return aliased;
        },
        key: /inline context object/,
        property: /credentialStatus/,
        signatureHolds: true,
      },
      {
        name: 'credentialStatus moved into @included',
        make: () => {
          const {credentialStatus, ...rest} = structuredClone(revokedAndExpired);
          // A second node object for the credential: JSON-LD merges it into the credential, the JSON stages never look.
          return {...rest, '@included': [{id: rest.id, type: 'VerifiableCredential', credentialStatus}]};
        },
        key: /"@included" at the top level is a JSON-LD keyword/,
        property: /credentialStatus/,
        signatureHolds: true,
      },
    );
  });

  it('the honest credential is revoked (and expired), and its JSON agrees with its graph', async () => {
    const report = await verify(revokedAndExpired, {resolver, now: NOW});
    assert.equal(report.status, 'revoked');
    assert.deepEqual(await findHiddenStatements(revokedAndExpired), []);
    assert.equal((await verify(v1, {resolver, now: NOW})).status, 'expired');
    assert.deepEqual(await findHiddenStatements(v1), []);
  });

  it('the reported attack: credentialStatus and validUntil renamed to IRIs no longer pass as valid', async () => {
    const forged = renamed(renamed(revokedAndExpired, 'credentialStatus', `${CREDENTIALS}credentialStatus`), 'validUntil', `${CREDENTIALS}validUntil`, typedDate);
    const report = await verify(forged, {resolver, now: NOW});
    assert.equal(check(report, 'proof').result, 'passed', 'the graph, and so the signature, is intact');
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'context').result, 'failed');
    assert.match(check(report, 'context').message, /credentials#credentialStatus.*written as an IRI/);
    assert.match(check(report, 'context').message, /credentials#validUntil/);
  });

  it('each case fails the context check, naming the key, whether or not the signature still holds', async () => {
    assert.equal(cases.length, 12);
    for (const {name, make, key, signatureHolds} of cases) {
      const report = await verify(make(), {resolver, now: NOW});
      assert.equal(report.verified, false, name);
      assert.equal(report.status, 'invalid', name);
      assert.equal(check(report, 'context').result, 'failed', name);
      assert.match(check(report, 'context').message, key, name);
      if (signatureHolds) assert.equal(check(report, 'proof').result, 'passed', `${name}: the signed graph is unchanged`);
    }
  });

  it('the graph comparison alone finds each hidden statement, in the signed graph\'s words', async () => {
    for (const {name, make, property} of cases) {
      const problems = await findHiddenStatements(make());
      assert.equal(problems.length, 1, `${name}: ${problems.join(' | ')}`);
      assert.match(problems[0], /where a reader cannot see it; the signed graph says/, name);
      assert.match(problems[0], property, name);
    }
  });

  it('the graph comparison refuses a document of several top-level nodes (@graph)', async () => {
    const {'@context': context, ...body} = structuredClone(revokedAndExpired);
    const wrapped = {'@context': context, '@graph': [body, {...body, id: 'urn:uuid:00000000-0000-4000-8000-000000000001'}]};
    assert.match((await findHiddenStatements(wrapped)).join(' '), /holds 2 top-level nodes/);
  });

  it('a @graph key fails the context check', async () => {
    const nested = {...structuredClone(revokedAndExpired), credentialSubject: {'@graph': [revokedAndExpired.credentialSubject]}};
    const report = await verify(nested, {resolver, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'context').message, /"@graph" at \/credentialSubject is a JSON-LD keyword/);
  });

  it('a compact IRI key deep in the badge content fails the context check, naming where it is', async () => {
    const credential = structuredClone(revokedAndExpired);
    ((credential.credentialSubject as Json).achievement as Json)['schema:keywords'] = 'hidden';
    const report = await verify(credential, {resolver, now: NOW});
    assert.match(check(report, 'context').message, /"schema:keywords" at \/credentialSubject\/achievement is written as an IRI/);
  });

  it('nested @context URLs stay allowed when pinned; an unpinned one is named', async () => {
    const issuer = await createIssuer();
    const endorsed = await sign(badge(issuer, {endorsement: [{'@context': [CONTEXTS.credentialsV2, CONTEXTS.ob], id: 'urn:uuid:5', type: ['VerifiableCredential', 'EndorsementCredential']}]}), issuer);
    assert.equal(check(await verify(endorsed, {resolver: resolverOf({}), now: NOW}), 'context').result, 'passed');
    const unpinned = structuredClone(endorsed);
    ((unpinned.endorsement as Json[])[0]['@context'] as string[]).push('https://contexts.example/other');
    const report = await verify(unpinned, {resolver: resolverOf({}), now: NOW});
    assert.match(check(report, 'context').message, /Unknown JSON-LD context https:\/\/contexts\.example\/other/);
  });
});
