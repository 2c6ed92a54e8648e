import {test} from 'node:test';
import assert from 'node:assert/strict';
import {displayName, npmPurl, parsePurl, parseReleasePurl, withVersion} from '../src/purl.ts';
import {HallmarkError} from '../src/errors.ts';

test('purls come back canonical, with the package purl beside them', () => {
  assert.deepEqual(parsePurl('pkg:NPM/@Scope/Name@1.2.3'), {purl: 'pkg:npm/%40scope/name@1.2.3', package: 'pkg:npm/%40scope/name', type: 'npm', version: '1.2.3'});
  assert.deepEqual(parsePurl('pkg:pypi/Django_Rest@3.0'), {purl: 'pkg:pypi/django-rest@3.0', package: 'pkg:pypi/django-rest', type: 'pypi', version: '3.0'});
  assert.equal(parsePurl('pkg:cargo/serde').version, null);
  assert.equal(withVersion('pkg:npm/%40scope/name', '2.0.0'), 'pkg:npm/%40scope/name@2.0.0');
});

test('malformed purls and package purls where a release is meant are refused, saying why', () => {
  const refusals: Array<[unknown, RegExp]> = [
    ['left-pad@1.0.0', /scheme/],
    ['pkg:', /purl/],
    ['', /required/],
    [null, /required/],
    [`pkg:npm/${'a'.repeat(1000)}@1.0.0`, /too long/],
  ];
  for (const [text, reason] of refusals) {
    assert.throws(() => parsePurl(text), (error: unknown) => error instanceof HallmarkError && error.kind === 'invalid-input' && reason.test(error.message), String(text));
  }
  assert.throws(() => parseReleasePurl('pkg:npm/left-pad'), /names a package, not a release/);
});

test('npm names become canonical purls, and purls read back as the names people write', () => {
  assert.equal(npmPurl('@Babel/core', '7.24.0'), 'pkg:npm/%40babel/core@7.24.0');
  assert.equal(npmPurl('left-pad', '1.3.0'), 'pkg:npm/left-pad@1.3.0');
  assert.equal(displayName(npmPurl('@babel/core', '7.24.0')), '@babel/core');
  assert.equal(displayName('pkg:maven/org.apache/commons-lang3@3.14.0'), 'org.apache/commons-lang3');
  assert.equal(displayName('pkg:pypi/requests'), 'requests');
  assert.throws(() => npmPurl('', '1.0.0'));
});
