import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {CONTEXTS} from '../../src/credentials/contexts.ts';
import {ListedSchemaTooLargeError, MAX_LISTED_SCHEMA_BYTES, validateAgainstListedSchema, validateAgainstOfficialSchema} from '../../src/credentials/schemas.ts';
import {officialSchemaDeviations} from '../../src/credentials/verify/schema-rule.ts';
import {assertLinear} from '../helpers/timing.ts';

const VECTOR = resolve(import.meta.dirname, '../../../shared/interop/ob3-spec/test-vectors/obv3p0/signed-credential.json');
const signed = JSON.parse(readFileSync(VECTOR, 'utf8')) as Record<string, unknown>;

function hard(credential: Record<string, unknown>, dataModel: '1.1' | '2.0' = '2.0'): string[] {
  return officialSchemaDeviations('achievementcredential', credential, dataModel)
    .filter((deviation) => deviation.tolerated === undefined)
    .map((deviation) => deviation.field);
}

describe('official OB 3.0 schemas (strict, for issuance)', () => {
  it('accepts the spec test vector with its proof as an array, and names the field otherwise', () => {
    assert.deepEqual(validateAgainstOfficialSchema({...signed, proof: [signed.proof]}), {schema: 'achievementcredential', valid: true, problems: []});
    const result = validateAgainstOfficialSchema(signed);
    assert.equal(result.valid, false);
    assert.deepEqual(result.problems, [{field: '/proof', problem: 'must be array'}]);
  });

  it('names a missing property by its own path', () => {
    const {issuer: _issuer, ...withoutIssuer} = signed;
    assert.ok(validateAgainstOfficialSchema(withoutIssuer).problems.some((problem) => problem.field === '/issuer'));
  });
});

describe('the verification schema rule', () => {
  it('tolerates the same graph in another JSON shape', () => {
    const issuer = {...(signed.issuer as object), type: 'Profile', image: 'https://example.edu/logo.png'};
    const subject = {...(signed.credentialSubject as object), type: 'AchievementSubject'};
    assert.deepEqual(hard({...signed, issuer, credentialSubject: subject}), []);
  });

  it('tolerates the VC 1.1 envelope only for VC 1.1 credentials', () => {
    const {validFrom, ...rest} = signed;
    const v1 = {...rest, '@context': [CONTEXTS.credentialsV1, CONTEXTS.ob], issuanceDate: validFrom};
    assert.deepEqual(hard(v1, '1.1'), []);
    assert.deepEqual(hard(rest), ['/validFrom']);
  });

  it('fails a type the schema does not allow, however deep', () => {
    const subject = signed.credentialSubject as Record<string, unknown>;
    const achievement = {...(subject.achievement as object), type: ['Bogus']};
    assert.ok(hard({...signed, credentialSubject: {...subject, achievement}}).includes('/credentialSubject/achievement/type/0'));
    assert.ok(hard({...signed, issuer: {...(signed.issuer as object), type: 'Person'}}).includes('/issuer'));
  });

  it('fails a broken envelope but only warns about badge content details', () => {
    assert.ok(hard({...signed, credentialSubject: 'did:example:123'}).includes('/credentialSubject'));
    const subject = signed.credentialSubject as Record<string, unknown>;
    const achievement = {...(subject.achievement as object), achievementType: 'Program'};
    assert.deepEqual(hard({...signed, credentialSubject: {...subject, achievement}}), []);
  });
});

describe('schemas a credential lists (untrusted)', () => {
  it('checks patterns in linear time, so a catastrophic regular expression cannot stall verification', async () => {
    const hostile = {type: 'object', properties: {name: {type: 'string', pattern: '^(a+)+$'}}};
    const problems = validateAgainstListedSchema('https://evil.example/schema.json', hostile, {name: 'a'.repeat(5_000) + '!'});
    // A backtracking engine takes exponential time in the length: it would not finish at 50,000 characters.
    await assertLinear((length) => validateAgainstListedSchema('https://evil.example/schema.json', hostile, {name: 'a'.repeat(length) + '!'}), 5_000);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].field, '/name');
    assert.deepEqual(validateAgainstListedSchema('https://evil.example/schema.json', hostile, {name: 'aaaa'}), []);
  });

  it('refuses a listed schema that is not a JSON object', () => {
    assert.throws(() => validateAgainstListedSchema('https://evil.example/schema.json', ['not', 'a', 'schema'], {}), /not a JSON object/);
  });

  it('refuses to compile a listed schema larger than 16 KiB of JSON: compilation time grows with it', () => {
    const padded = (bytes: number) => ({type: 'object', description: 'x'.repeat(bytes - 40)});
    assert.ok(JSON.stringify(padded(MAX_LISTED_SCHEMA_BYTES)).length <= MAX_LISTED_SCHEMA_BYTES);
    assert.deepEqual(validateAgainstListedSchema('https://evil.example/at-limit.json', padded(MAX_LISTED_SCHEMA_BYTES), {}), []);
    const started = performance.now();
    assert.throws(() => validateAgainstListedSchema('https://evil.example/over.json', padded(MAX_LISTED_SCHEMA_BYTES + 100), {}), ListedSchemaTooLargeError);
    assert.ok(performance.now() - started < 100);
    assert.equal(MAX_LISTED_SCHEMA_BYTES, 16 * 1024);
  });
});
