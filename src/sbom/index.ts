import {invalidInput} from '../errors.ts';
import {PackageCollector} from './collect.ts';
import {isCycloneDx, readCycloneDx} from './cyclonedx.ts';
import {isNpmLockfile, readNpmLockfile} from './npm-lockfile.ts';
import {isObject, type JsonObject} from '../json.ts';
import {isSpdx2, isSpdx3, readSpdx2, readSpdx3} from './spdx.ts';
import type {PackageSink, SbomFormat, SbomPackages} from './types.ts';

export type {SbomFormat, SbomPackages, SkippedEntry} from './types.ts';

const READERS: Array<[SbomFormat, (doc: JsonObject) => boolean, (doc: JsonObject, sink: PackageSink) => void]> = [
  ['cyclonedx', isCycloneDx, readCycloneDx],
  ['spdx-2', isSpdx2, readSpdx2],
  ['spdx-3', isSpdx3, readSpdx3],
  ['npm-lockfile', isNpmLockfile, readNpmLockfile],
];

/** The packages a CycloneDX or SPDX SBOM, or an npm lockfile, lists. The document is parsed JSON, already size-checked. */
export function readSbom(doc: unknown): SbomPackages {
  if (!isObject(doc)) throw invalidInput('an SBOM must be a JSON object', [{field: '', problem: 'not an object'}]);
  const reader = READERS.find(([, recognises]) => recognises(doc));
  if (!reader) {
    throw invalidInput('not a recognised SBOM: expected CycloneDX JSON, SPDX 2.x JSON, SPDX 3.0 JSON-LD or an npm package-lock.json', [
      {field: '', problem: 'unrecognised format'},
    ]);
  }
  const [format, , read] = reader;
  const collector = new PackageCollector(format);
  read(doc, collector);
  return collector.result();
}
