import {writeFileSync} from 'node:fs';
import {cpus, totalmem} from 'node:os';
import {resolve} from 'node:path';
import {createCorpus} from './corpus.ts';
import type {Section, SectionResult} from './section.ts';
import {section as issuance} from './sections/issuance.ts';
import {section as verification} from './sections/verification.ts';
import {section as sbom} from './sections/sbom.ts';
import {section as badge} from './sections/badge.ts';
import {section as memory} from './sections/memory.ts';

/**
 * `npm run bench [-- --quick]`: Hallmark and the reference stack side by
 * side in one process; prints a table and writes bench/results.json.
 * Sections are modules in bench/sections/; one may report "not available".
 */
const SECTIONS: Section[] = [issuance, verification, sbom, badge, memory];

function format(value: number | undefined): string {
  if (value === undefined) return '';
  return value >= 100 ? String(Math.round(value)) : value.toFixed(value >= 10 ? 1 : 2);
}

function table(results: SectionResult[]): string {
  const lines = ['| Section | Metric | Hallmark | Reference | Ratio |', '|---|---|---:|---:|---:|'];
  for (const result of results) {
    if ('notAvailable' in result) {
      lines.push(`| ${result.name} | not available: ${result.notAvailable} | | | |`);
      continue;
    }
    for (const row of result.rows) {
      const ratio = row.ratio === undefined ? '' : `${row.ratio.toFixed(1)}×`;
      lines.push(`| ${result.name} | ${row.metric} (${row.unit}) | ${format(row.ours)} | ${format(row.reference)} | ${ratio} |`);
    }
  }
  return lines.join('\n');
}

const quick = process.argv.includes('--quick');
const started = Date.now();
const corpus = await createCorpus();
const results: SectionResult[] = [];
for (const section of SECTIONS) {
  process.stderr.write(`${section.name}…\n`);
  try {
    results.push(await section.run({corpus, quick}));
  } catch (error) {
    results.push({name: section.name, notAvailable: `failed: ${(error as Error).message}`});
  }
}
const machine = {cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}`};
const output = table(results);
console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}${quick ? ' (--quick)' : ''}\n`);
console.log(output);
writeFileSync(
  resolve(import.meta.dirname, 'results.json'),
  `${JSON.stringify({date: new Date().toISOString(), quick, seconds: Math.round((Date.now() - started) / 1000), machine, results, table: output}, null, 2)}\n`,
);
