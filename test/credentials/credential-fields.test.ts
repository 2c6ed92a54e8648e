import {test} from 'node:test';
import assert from 'node:assert/strict';
import {achievementName, issuerId} from '../../src/credentials/credential-fields.ts';

test('the achievement name is read from single and array subjects, else the credential name', () => {
  assert.equal(achievementName({credentialSubject: {achievement: {name: 'Reviewer'}}, name: 'Other'}), 'Reviewer');
  assert.equal(achievementName({credentialSubject: [{achievement: [{name: 'First'}, {name: 'Second'}]}]}), 'First');
  assert.equal(achievementName({credentialSubject: {achievement: {name: '  '}}, name: 'Fallback'}), 'Fallback');
  assert.equal(achievementName({credentialSubject: {achievement: {name: {en: 'not a string'}}}}), null);
});

test('the issuer id is read from an IRI or a Profile, never from a list', () => {
  assert.equal(issuerId({issuer: 'did:web:a.example'}), 'did:web:a.example');
  assert.equal(issuerId({issuer: {id: 'did:web:b.example', name: 'B'}}), 'did:web:b.example');
  assert.equal(issuerId({issuer: ['did:web:a.example']}), undefined);
  assert.equal(issuerId({}), undefined);
});
