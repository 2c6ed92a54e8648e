import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {describe, it} from 'node:test';

/**
 * `npm install` on a fresh clone warns about every dependency with an
 * install script that package.json's `allowScripts` does not decide on:
 * each one in the lock file is declared (allowed or not), and nothing stale is.
 */
const root = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {allowScripts?: Record<string, boolean>};
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, {hasInstallScript?: boolean}>};

describe('install scripts', () => {
  it('allowScripts decides on every locked dependency that has one, and on no other', () => {
    const withScripts = new Set(
      Object.entries(lock.packages)
        .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
        .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)),
    );
    const declared = new Set(Object.keys(manifest.allowScripts ?? {}));
    assert.deepEqual([...withScripts].filter((name) => !declared.has(name)), [], 'undeclared: npm install would warn about these');
    assert.deepEqual([...declared].filter((name) => !withScripts.has(name)), [], 'declared but no longer installed with a script');
    assert.equal(manifest.allowScripts?.node, true, 'the pinned Node (the node devDependency) needs its install script');
  });
});
