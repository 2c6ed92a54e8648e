import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {copyJson} from '../src/json-copy.ts';

/** copyJson stands in for structuredClone on the verification and signing paths: it must give what structuredClone gives. */
describe('copyJson', () => {
  it('copies any JSON value exactly as structuredClone does, sharing nothing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = copyJson(value);
        assert.deepStrictEqual(copy, structuredClone(value));
        if (value !== null && typeof value === 'object') assert.notEqual(copy, value);
      }),
      {numRuns: 300},
    );
  });

  it('copies a parsed "__proto__" member as a member, never as the prototype', () => {
    const value = JSON.parse('{"__proto__": [1], "a": {"__proto__": {"polluted": true}}}') as Record<string, unknown>;
    const copy = copyJson(value);
    assert.deepStrictEqual(copy, structuredClone(value));
    assert.equal(Object.getPrototypeOf(copy), Object.prototype);
    assert.deepEqual(Object.keys(copy), ['__proto__', 'a']);
    assert.equal((copy.a as {polluted?: boolean}).polluted, undefined);
  });

  it('keeps undefined members, holes and key order', () => {
    const holey = [1, , 3];
    const value = {b: undefined, a: [holey], c: {z: 1, y: 2}};
    const copy = copyJson(value);
    assert.deepStrictEqual(copy, structuredClone(value));
    assert.deepEqual(Object.keys(copy), ['b', 'a', 'c']);
    assert.equal(1 in (copy.a[0] as unknown[]), false);
    copy.c.z = 9;
    assert.equal(value.c.z, 1);
  });

  it('leaves what is not plain JSON to structuredClone, errors included', () => {
    const date = new Date('2025-01-01T00:00:00Z');
    const copy = copyJson({when: date, map: new Map([[1, 2]])});
    assert.deepStrictEqual(copy, structuredClone({when: date, map: new Map([[1, 2]])}));
    assert.notEqual(copy.when, date);
    assert.throws(() => copyJson({f: () => 1}), (error: Error) => error.name === 'DataCloneError');
    const bare = Object.assign(Object.create(null), {a: 1});
    assert.deepStrictEqual(copyJson(bare), structuredClone(bare));
  });
});
