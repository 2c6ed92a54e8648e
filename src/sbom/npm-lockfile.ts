import type {PackageSink} from './types.ts';
import {isObject, type JsonObject} from '../json.ts';
import {npmPurl} from '../purl.ts';

/**
 * npm's package-lock.json: v2/v3 list every installed path under `packages`
 * (the key's last `node_modules/` segment is the name, `""` is the project
 * itself); v1 nests `dependencies`. Linked workspaces are the project's own code.
 */
export function isNpmLockfile(doc: JsonObject): boolean {
  return typeof doc.lockfileVersion === 'number' && (isObject(doc.packages) || isObject(doc.dependencies));
}

export function readNpmLockfile(doc: JsonObject, sink: PackageSink): void {
  if (isObject(doc.packages)) return readInstallPaths(doc.packages, sink);
  readNestedDependencies(doc.dependencies, 'dependencies', sink);
}

function readInstallPaths(packages: JsonObject, sink: PackageSink): void {
  for (const [path, entry] of Object.entries(packages)) {
    const at = path.lastIndexOf('node_modules/');
    if (at < 0 || !isObject(entry) || entry.link === true) continue;
    const name = typeof entry.name === 'string' ? entry.name : path.slice(at + 'node_modules/'.length);
    addNpm(sink, path, name, entry.version);
  }
}

function readNestedDependencies(dependencies: unknown, path: string, sink: PackageSink): void {
  const pending: Array<[string, unknown]> = [[path, dependencies]];
  while (pending.length > 0) {
    const [at, deps] = pending.pop()!;
    if (!isObject(deps)) continue;
    for (const [name, entry] of Object.entries(deps)) {
      if (!isObject(entry)) continue;
      addNpm(sink, `${at}.${name}`, name, entry.version);
      pending.push([`${at}.${name}.dependencies`, entry.dependencies]);
    }
  }
}

function addNpm(sink: PackageSink, entry: string, name: string, version: unknown): void {
  if (typeof version !== 'string' || version.length === 0) return sink.skip(entry, `${name} has no version`);
  // Aliases and git/file specs are not registry releases a community can vet.
  if (/^(?:npm:|git|file:|https?:|link:)/.test(version)) return sink.skip(entry, `${name}@${version} is not a registry version`);
  let purl: string;
  try {
    purl = npmPurl(name, version);
  } catch (error) {
    return sink.skip(entry, `${name}@${version}: ${(error as Error).message}`);
  }
  sink.add(entry, purl);
}
