import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parsePolicy} from '../../src/vetting/policies/document.ts';
import {HallmarkError} from '../../src/errors.ts';

/**
 * yaml's composer recurses once per nesting level. A 60 KB policy nested
 * tens of thousands deep overflows the stack; the next such parse in the
 * same process made V8 abort (FATAL ERROR: RegExpCompiler Allocation
 * failed), taking the server down. Any steward could send both.
 */
test('deeply nested YAML policies are refused for their depth, and refusing them twice keeps the process up', () => {
  const deep = ['- '.repeat(30_000) + 'x', '['.repeat(30_000) + ']'.repeat(30_000), '? '.repeat(30_000) + 'x', '{a: '.repeat(12_000), 'name: x\nrules:\n' + '  - '.repeat(1) + '['.repeat(70) + ']'.repeat(70)];
  for (const round of [1, 2]) {
    for (const text of deep) {
      assert.throws(() => parsePolicy(text, 'yaml'), (error: unknown) => error instanceof HallmarkError && error.kind === 'invalid-input' && /nests deeper than/.test(error.message), `round ${round}: ${text.slice(0, 20)}`);
    }
  }
});

test('an ordinary YAML policy still parses', () => {
  const policy = parsePolicy('name: ok\ncriteria: safe-to-run\nrules:\n  - kind: reviews\n    criterion: safe-to-run\n    min: 1\n  - {kind: license, allow: [MIT, Apache-2.0]}\n', 'yaml');
  assert.equal(policy.rules.length, 2);
});
