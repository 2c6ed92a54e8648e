import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {HallmarkError} from '../../src/errors.ts';
import {DocumentResolver, VERIFICATION_BUDGET} from '../../src/credentials/documents.ts';
import {loadDocumentMap} from '../../src/credentials/document-map.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {checkRecipient, parseIdentities, parseIdentity, type RecipientSource} from '../../src/credentials/recipients.ts';

const CORPUS = join(import.meta.dirname, '../../../shared/interop/ob2-validator');

interface Case {
  id: string;
  category: string;
  kind: string;
  file: string;
  expect: 'valid' | 'invalid';
  recipient?: {type: string; identity: string | string[]} | null;
}

const cases = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Case[];
const byId = (id: string): Case => {
  const found = cases.find((entry) => entry.id === id);
  assert.ok(found, `the corpus has a case ${id}`);
  return found;
};
const assertion = (file: string): Record<string, unknown> => JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as Record<string, unknown>;
const ob2 = (file: string): RecipientSource => {
  const document = assertion(file);
  return {openBadgesVersion: '2.0', recipient: document.recipient, salt: document.salt};
};
const claims = (recipient: Case['recipient']): string[] => (recipient ? [recipient.identity].flat() : []);

describe('recipients: OB 2.0 IdentityObjects from the 1EdTech validator corpus', () => {
  // Every case of the corpus's recipient category the validator judges by the recipient alone.
  for (const id of ['recipient-mismatch', 'recipient-one-of-several', 'recipient-uppercase-hash', 'recipient-unhashed-email', 'recipient-md5', 'recipient-unsalted', 'recipient-url', 'hosted-basic']) {
    it(`${id}: ${byId(id).expect === 'valid' ? 'matched' : 'not-matched'}, as the validator says`, () => {
      const entry = byId(id);
      const result = checkRecipient(parseIdentities(claims(entry.recipient)), ob2(entry.file));
      assert.equal(result.result, entry.expect === 'valid' ? 'matched' : 'not-matched', result.message);
    });
  }

  it('a hashed flag that contradicts the identity\'s form is compared with nothing, and says why', () => {
    const plainButHashed = checkRecipient([parseIdentity('nobody@example.org')], ob2(byId('identity-plain-but-hashed').file));
    assert.equal(plainButHashed.result, 'not-checked');
    assert.match(plainButHashed.message, /says it is not hashed but its identity is a hash/);
    const hashedButPlain = checkRecipient([parseIdentity('nobody@example.org')], ob2(byId('identity-hashed-but-plain').file));
    assert.equal(hashedButPlain.result, 'not-checked');
    assert.match(hashedButPlain.message, /says it is hashed but its identity is not/);
  });

  it('OB 1.0 plain recipients and OB 0.5 bare strings are read too', () => {
    assert.equal(checkRecipient([parseIdentity('test@example.com')], ob2('components/1_0_basic_assertion.json')).result, 'matched');
    assert.equal(checkRecipient([parseIdentity('TEST@example.com')], ob2('components/0_5_assertion.json')).result, 'matched');
    assert.equal(checkRecipient([parseIdentity('other@example.com')], ob2('components/0_5_assertion.json')).result, 'not-matched');
  });

  it('an email claim is not compared with a url recipient: not-checked, naming the kind it is', () => {
    const result = checkRecipient([parseIdentity('nobody@example.org')], ob2(byId('recipient-url').file));
    assert.equal(result.result, 'not-checked');
    assert.match(result.message, /named only by URL/);
  });

  it('an unknown hash algorithm or identity type is not-checked with the reason', () => {
    const sha1 = checkRecipient([parseIdentity('nobody@example.org')], {openBadgesVersion: '2.0', recipient: {type: 'email', hashed: true, identity: 'sha1$2bb8d0e8e8d2c4e1c9f5a2d5a36b5b4cb0f0a6c1'}});
    assert.equal(sha1.result, 'not-checked');
    assert.match(sha1.message, /algorithm other than sha256 or md5/);
    const shortHash = checkRecipient([parseIdentity('nobody@example.org')], {openBadgesVersion: '2.0', recipient: {type: 'email', hashed: true, identity: 'sha256$abcd'}});
    assert.match(shortHash.message, /4 hex digits, not 64/);
    const account = checkRecipient([parseIdentity('nobody@example.org')], {openBadgesVersion: '2.0', recipient: {type: 'sourcedId', hashed: false, identity: 'u-17'}});
    assert.match(account.message, /"sourcedId" is not email, url or telephone/);
    assert.equal(checkRecipient([parseIdentity('nobody@example.org')], {openBadgesVersion: '2.0', recipient: null}).result, 'not-checked');
  });
});

describe('recipients: verify() checks OB 2.0 assertions of every input kind for a named recipient', () => {
  const named = cases.filter((entry) => entry.recipient && ['recipient', 'signed', 'baked-png', 'baked-svg', 'legacy'].includes(entry.category) && entry.expect === 'valid');
  const input = (entry: Case): unknown => {
    const bytes = readFileSync(join(CORPUS, entry.file));
    if (entry.kind === 'json') return JSON.parse(bytes.toString('utf8'));
    if (entry.kind === 'jws') return bytes.toString('utf8').trim();
    return undefined;
  };
  const verifyFor = async (value: unknown, identities: string[]) =>
    verify(value, {resolver: new DocumentResolver([await loadDocumentMap(join(CORPUS, 'urlmap.json'))]).withBudget(VERIFICATION_BUDGET), now: new Date('2026-12-08T00:00:00Z'), recipient: parseIdentities(identities)});

  for (const entry of named.filter((candidate) => input(candidate) !== undefined)) {
    it(`${entry.id} (${entry.kind}): matched for its recipient, not-matched for another address`, async () => {
      const own = await verifyFor(input(entry), claims(entry.recipient));
      // Whether the badge itself verifies is the OB 2.0 corpus test's business (a few differ on purpose); whose it is, is this one's.
      assert.equal(own.recipient?.result, 'matched', own.recipient?.message);
      const kind = entry.recipient?.type === 'url' ? 'https://example.org/people/somebody-else' : 'somebody-else@example.org';
      const other = await verifyFor(input(entry), [kind]);
      assert.equal(other.recipient?.result, 'not-matched', other.recipient?.message);
    });
  }

  it('recipient-mismatch: the corpus\'s one invalid-by-recipient case is not-matched, the badge itself valid', async () => {
    const entry = byId('recipient-mismatch');
    const report = await verifyFor(input(entry), claims(entry.recipient));
    assert.equal(report.verified, true);
    assert.equal(report.recipient?.result, 'not-matched');
  });
});

describe('recipients: OB 3.0 credentialSubject', () => {
  // The corpus's own vector: sha256("nobody@example.org" + "deadsea").
  const NOBODY_HASH = (assertion('components/2_0_basic_assertion.json').recipient as {identity: string}).identity;
  const subject = (fields: Record<string, unknown>): RecipientSource => ({openBadgesVersion: '3.0', credentialSubject: {type: ['AchievementSubject'], ...fields}});
  const emailIdentifier = {type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: NOBODY_HASH, salt: 'deadsea'};

  it('an identifier hashed with salt matches its address and no other', () => {
    assert.equal(checkRecipient([parseIdentity('Nobody@Example.org')], subject({identifier: [emailIdentifier]})).result, 'matched');
    const other = checkRecipient([parseIdentity('alice@example.org')], subject({identifier: [emailIdentifier]}));
    assert.equal(other.result, 'not-matched');
    assert.match(other.message, /^Issued to someone else: the recipient's email address is not alice@example\.org\.$/);
  });

  it('the salt is part of the hash: the right address with another salt does not match', () => {
    assert.equal(checkRecipient([parseIdentity('nobody@example.org')], subject({identifier: [{...emailIdentifier, salt: 'Maldon'}]})).result, 'not-matched');
  });

  it('a plain identifier and a single (not array) identifier are read', () => {
    assert.equal(checkRecipient([parseIdentity('nobody@example.org')], subject({identifier: {type: 'IdentityObject', identityType: 'emailAddress', hashed: false, identityHash: 'nobody@example.org'}})).result, 'matched');
  });

  it('credentialSubject.id matches a URL or DID exactly, and a mailto: id an email address', () => {
    assert.equal(checkRecipient([parseIdentity('https://hallmark.example/reviewers/alice')], subject({id: 'https://hallmark.example/reviewers/alice'})).result, 'matched');
    assert.equal(checkRecipient([parseIdentity('https://hallmark.example/reviewers/alice')], subject({id: 'https://hallmark.example/reviewers/bob'})).result, 'not-matched');
    assert.equal(checkRecipient([parseIdentity('did:key:z6MkAlice')], subject({id: 'did:key:z6MkAlice'})).result, 'matched');
    assert.equal(checkRecipient([parseIdentity('did:key:z6MkAlice')], subject({id: 'did:key:z6MkBob'})).result, 'not-matched');
    assert.equal(checkRecipient([parseIdentity('alice@example.org')], subject({id: 'mailto:Alice@example.org'})).result, 'matched');
  });

  it('any one of several claimed identities of the person is enough', () => {
    const result = checkRecipient(parseIdentities(['did:key:z6MkAlice', 'nobody@example.org']), subject({id: 'did:key:z6MkBob', identifier: [emailIdentifier]}));
    assert.equal(result.result, 'matched');
    assert.deepEqual(result.identities, ['did:key:z6MkAlice', 'nobody@example.org']);
  });

  it('a subject named only by a DID cannot be judged from an email address; one named by nothing says so', () => {
    const onlyDid = checkRecipient([parseIdentity('nobody@example.org')], subject({id: 'did:key:z6MkBob'}));
    assert.equal(onlyDid.result, 'not-checked');
    assert.match(onlyDid.message, /named only by DID/);
    const none = checkRecipient([parseIdentity('nobody@example.org')], subject({}));
    assert.equal(none.result, 'not-checked');
    assert.match(none.message, /names no recipient/);
    const unknownType = checkRecipient([parseIdentity('nobody@example.org')], subject({identifier: [{...emailIdentifier, identityType: 'sourcedId'}]}));
    assert.match(unknownType.message, /"sourcedId" are not compared/);
  });

  it('with no identity given, nothing is checked', () => {
    assert.equal(checkRecipient([], subject({identifier: [emailIdentifier]})).result, 'not-checked');
  });
});

describe('recipients: reading a claimed identity', () => {
  it('knows email addresses, URLs, DIDs and telephone numbers', () => {
    assert.deepEqual(parseIdentity(' Alice@Example.org '), {kind: 'email', value: 'alice@example.org'});
    assert.deepEqual(parseIdentity('mailto:alice@example.org'), {kind: 'email', value: 'alice@example.org'});
    assert.deepEqual(parseIdentity('https://example.org/people/alice'), {kind: 'url', value: 'https://example.org/people/alice'});
    assert.deepEqual(parseIdentity('did:web:example.org:alice'), {kind: 'did', value: 'did:web:example.org:alice'});
    assert.deepEqual(parseIdentity('tel:+1-555-0100'), {kind: 'telephone', value: '+15550100'});
  });

  it('refuses what is none of them, and too many of them, as invalid input', () => {
    for (const bad of ['', 'alice', 'ftp://example.org/x', 'alice@', 'a b@example.org', `${'a'.repeat(3000)}@example.org`, 'javascript:alert(1)']) {
      assert.throws(() => parseIdentity(bad), (error: unknown) => error instanceof HallmarkError && error.kind === 'invalid-input', bad.slice(0, 40));
    }
    assert.throws(() => parseIdentities(Array.from({length: 11}, (_, index) => `p${index}@example.org`)), /at most 10/);
  });
});
