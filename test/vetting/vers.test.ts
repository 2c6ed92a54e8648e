import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import semver from 'semver';
import {compareVersions, formatVers, parseVers, versContains} from '../../src/vetting/vers.ts';
import {HallmarkError} from '../../src/errors.ts';

const semverArb = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map(([a, b, c]) => `${a}.${b}.${c}`);

test('a half-open npm range contains exactly the versions semver puts inside it', () => {
  fc.assert(fc.property(semverArb, semverArb, semverArb, (a, b, v) => {
    fc.pre(semver.lt(a, b));
    const range = parseVers(`vers:npm/>=${a}|<${b}`);
    assert.equal(versContains(range, v), semver.gte(v, a) && semver.lt(v, b));
  }));
});

test('constraints may come in any order: parsing sorts them, and formatting round-trips', () => {
  fc.assert(fc.property(fc.uniqueArray(semverArb, {minLength: 1, maxLength: 6, selector: (v) => semver.clean(v)}), (versions) => {
    const sorted = [...versions].sort(semver.compare);
    // Alternate lower and upper bounds so the range is well formed.
    const constraints = sorted.map((version, index) => `${index % 2 === 0 ? '>=' : '<'}${version}`);
    const shuffled = [...constraints].reverse();
    const range = parseVers(`vers:npm/${shuffled.join('|')}`);
    assert.equal(formatVers(range), `vers:npm/${constraints.join('|')}`);
    assert.deepEqual(parseVers(formatVers(range)), range);
  }));
});

test('equality and exclusion constraints decide the versions they name', () => {
  fc.assert(fc.property(semverArb, semverArb, (a, v) => {
    assert.equal(versContains(parseVers(`vers:npm/${a}`), v), semver.eq(a, v));
    assert.equal(versContains(parseVers(`vers:npm/!=${a}`), v), !semver.eq(a, v));
    assert.equal(versContains(parseVers('vers:npm/*'), v), true);
  }));
});

test('the generic scheme orders numeric segments as numbers', () => {
  assert.ok(compareVersions('pypi', '1.10', '1.9') > 0);
  assert.ok(compareVersions('maven', '2.0.0-rc1', '2.0.0.1') < 0);
  assert.equal(compareVersions('deb', '1.0', '1.0'), 0);
  const range = parseVers('vers:pypi/>=1.2|<1.10');
  assert.equal(versContains(range, '1.9'), true);
  assert.equal(versContains(range, '1.10'), false);
  fc.assert(fc.property(fc.array(fc.nat(1000), {minLength: 1, maxLength: 4}), fc.array(fc.nat(1000), {minLength: 1, maxLength: 4}), (x, y) => {
    const a = x.join('.');
    const b = y.join('.');
    // Antisymmetry; a sum, because -Math.sign(0) is -0, which strict equality tells from 0.
    assert.equal(Math.sign(compareVersions('pypi', a, b)) + Math.sign(compareVersions('pypi', b, a)), 0);
  }));
});

test('malformed ranges are refused with a reason', () => {
  const bad: Array<[unknown, RegExp]> = [
    ['npm/>=1.0.0', /vers:/],
    ['vers:npm/', /vers:/],
    ['vers:npm/>=1.0.0|>=2.0.0', /lower bounds/],
    ['vers:npm/<1.0.0|<=2.0.0', /upper bounds/],
    ['vers:npm/>=1.0.0|1.0.0', /twice/],
    ['vers:npm/>=banana', /not a npm version/],
    ['vers:npm/>=', /no version/],
    ['vers:pypi/%E0%A4%A', /percent/],
    [42, /string/],
    [`vers:npm/${Array.from({length: 101}, (_, i) => `!=1.0.${i}`).join('|')}`, /more than 100/],
  ];
  for (const [text, reason] of bad) {
    assert.throws(() => parseVers(text), (error: unknown) => error instanceof HallmarkError && error.kind === 'invalid-input' && reason.test(error.message), String(text));
  }
});
