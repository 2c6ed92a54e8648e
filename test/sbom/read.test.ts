import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readSbom} from '../../src/sbom/index.ts';
import {HallmarkError} from '../../src/errors.ts';

test('CycloneDX: nested components are read, the product itself is not, and purls come back canonical', () => {
  const result = readSbom({
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    metadata: {component: {type: 'application', name: 'my-app', purl: 'pkg:npm/my-app@1.0.0'}},
    components: [
      {type: 'library', name: '@babel/core', purl: 'pkg:npm/%40babel/core@7.24.0', components: [{type: 'library', purl: 'pkg:npm/inner@1.0.0'}]},
      {type: 'library', name: 'left-pad', purl: 'pkg:NPM/left-pad@1.3.0'},
      {type: 'library', name: 'no-purl', version: '1'},
      {type: 'library', name: 'dup', purl: 'pkg:npm/left-pad@1.3.0'},
    ],
  });
  assert.equal(result.format, 'cyclonedx');
  assert.deepEqual(new Set(result.packages), new Set(['pkg:npm/%40babel/core@7.24.0', 'pkg:npm/inner@1.0.0', 'pkg:npm/left-pad@1.3.0']));
  assert.equal(result.packages.length, 3);
  assert.deepEqual(result.skipped, [{entry: 'components[2]', reason: 'no-purl has no purl'}]);
});

test('SPDX 2.3: purl external references, the described package left out, unversioned purls reported', () => {
  const result = readSbom({
    spdxVersion: 'SPDX-2.3',
    documentDescribes: ['SPDXRef-root'],
    packages: [
      {SPDXID: 'SPDXRef-root', name: 'repo', externalRefs: [{referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:github/acme/repo@main'}]},
      {SPDXID: 'SPDXRef-a', name: 'requests', externalRefs: [{referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:pypi/requests@2.32.3'}]},
      {SPDXID: 'SPDXRef-b', name: 'serde', externalRefs: [{referenceType: 'purl', referenceLocator: 'pkg:cargo/serde'}]},
      {SPDXID: 'SPDXRef-c', name: 'bare'},
    ],
  });
  assert.equal(result.format, 'spdx-2');
  assert.deepEqual(result.packages, ['pkg:pypi/requests@2.32.3']);
  assert.deepEqual(result.skipped.map((s) => s.entry), ['packages[2]', 'packages[3]']);
  assert.match(result.skipped[0]!.reason, /names no version/);
});

test('SPDX 3.0 JSON-LD: software_Package elements, the SBOM root left out', () => {
  const result = readSbom({
    '@context': 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld',
    '@graph': [
      {type: 'software_Sbom', spdxId: 'urn:sbom', rootElement: ['urn:app']},
      {type: 'software_Package', spdxId: 'urn:app', software_packageUrl: 'pkg:npm/app@1.0.0'},
      {type: 'software_Package', spdxId: 'urn:dep', software_packageUrl: 'pkg:npm/dep@2.0.0'},
    ],
  });
  assert.equal(result.format, 'spdx-3');
  assert.deepEqual(result.packages, ['pkg:npm/dep@2.0.0']);
});

test('npm lockfile v3: install paths give scoped and nested packages; links and aliases are not releases', () => {
  const result = readSbom({
    lockfileVersion: 3,
    packages: {
      '': {name: 'app', version: '1.0.0'},
      'node_modules/@scope/pkg': {version: '2.0.0'},
      'node_modules/a/node_modules/b': {version: '0.1.0'},
      'node_modules/ws-link': {link: true, resolved: 'packages/ws'},
      'node_modules/alias': {version: 'npm:other@1.0.0'},
      'packages/ws': {version: '0.0.1'},
    },
  });
  assert.equal(result.format, 'npm-lockfile');
  assert.deepEqual(result.packages, ['pkg:npm/%40scope/pkg@2.0.0', 'pkg:npm/b@0.1.0']);
  assert.deepEqual(result.skipped.map((s) => s.entry), ['node_modules/alias']);
});

test('npm lockfile v1: nested dependencies are walked', () => {
  const result = readSbom({lockfileVersion: 1, dependencies: {a: {version: '1.0.0', dependencies: {b: {version: '2.0.0'}}}}});
  assert.deepEqual(new Set(result.packages), new Set(['pkg:npm/a@1.0.0', 'pkg:npm/b@2.0.0']));
});

test('unrecognised or hostile documents are refused with a reason, never half-read', () => {
  for (const doc of [null, [], 'text', {hello: 'world'}, {bomFormat: 'SomethingElse'}]) {
    assert.throws(() => readSbom(doc), (error: unknown) => error instanceof HallmarkError && error.kind === 'invalid-input');
  }
  // Malformed purls are reported per entry, not fatal.
  const result = readSbom({bomFormat: 'CycloneDX', components: [{purl: 'not-a-purl'}, {purl: 'pkg:npm/ok@1.0.0'}]});
  assert.deepEqual(result.packages, ['pkg:npm/ok@1.0.0']);
  assert.match(result.skipped[0]!.reason, /malformed purl/);
});

test('an SBOM listing more packages than the limit is refused as too large', () => {
  const components = Array.from({length: 20_001}, (_, i) => ({purl: `pkg:npm/p${i}@1.0.0`}));
  assert.throws(() => readSbom({bomFormat: 'CycloneDX', components}), (error: unknown) => error instanceof HallmarkError && error.kind === 'too-large');
});
