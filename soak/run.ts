/**
 * `npm run soak`: runs every `*.soak.ts` in this folder, one after another,
 * each in its own process, and fails when any of them does. Soaks are long
 * (minutes), so they are not part of `npm test`. Arguments after `--` reach
 * every soak (e.g. `npm run soak -- --rounds 20 --seconds 60`); a soak name
 * as an argument (`npm run soak -- mixed-load`) runs only the soaks whose
 * file name contains it.
 */
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readdirSync} from 'node:fs';
import {join} from 'node:path';

const folder = import.meta.dirname;
const args = process.argv.slice(2);
const names = args.filter((arg, i) => !arg.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const options = args.filter((arg) => !names.includes(arg));
const soaks = readdirSync(folder)
  .filter((file) => file.endsWith('.soak.ts'))
  .filter((file) => names.length === 0 || names.some((name) => file.includes(name)))
  .sort();
if (soaks.length === 0) {
  console.error(`no soak matches ${names.join(', ')}`);
  process.exit(2);
}
const failed: string[] = [];
for (const file of soaks) {
  console.log(`\n=== ${file} ===`);
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(folder, file), ...options], {stdio: 'inherit'});
  const [code] = await once(child, 'exit');
  if (code !== 0) failed.push(`${file} (exit ${code})`);
}
console.log(failed.length === 0 ? `\nall ${soaks.length} soak(s) passed` : `\nfailed: ${failed.join(', ')}`);
process.exit(failed.length === 0 ? 0 : 1);
