import {test} from 'node:test';
import assert from 'node:assert/strict';
import {parseRequirements} from '../../src/vetting/sbom-check.ts';
import {HallmarkError} from '../../src/errors.ts';

test('policy requirements are community/policy with the same slug and name rules as everywhere else', () => {
  assert.deepEqual(parseRequirements(['acme/reviewed', 'a/b-2']), [{community: 'acme', policy: 'reviewed'}, {community: 'a', policy: 'b-2'}]);
  for (const bad of ['acme-/reviewed', 'acme', '/reviewed', 'acme/', 'acme/reviewed/extra', 'Acme/reviewed', 'acme/-x', `${'a'.repeat(65)}/p`]) {
    assert.throws(() => parseRequirements([bad]), (error: unknown) => error instanceof HallmarkError && error.kind === 'invalid-input' && /community\/policy/.test(error.message), bad);
  }
  assert.throws(() => parseRequirements([]), /1 to 16/);
});
