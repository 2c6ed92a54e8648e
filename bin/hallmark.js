#!/usr/bin/env node
// Runs the TypeScript CLI on Node 22 even when the shell's node is older:
// the project pins node@22 as a devDependency for exactly this.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'src', 'cli.ts');
const [major, minor] = process.versions.node.split('.').map(Number);
// 22.18 is the first Node 22 that strips TypeScript types without a flag.
const modern = major > 22 || (major === 22 && minor >= 18);
const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
const node = modern ? process.execPath : existsSync(pinned) ? pinned : process.execPath;
const result = spawnSync(node, [cli, ...process.argv.slice(2)], {stdio: 'inherit'});
process.exit(result.status ?? 1);
