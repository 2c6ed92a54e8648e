import type {PackageSink} from './types.ts';
import {isObject, strings, type JsonObject} from '../json.ts';

/**
 * SPDX 2.x JSON names purls in `externalRefs`; SPDX 3.0 JSON-LD puts
 * `software_packageUrl` on `software_Package` elements. The packages an SBOM
 * describes (its root) are the product, not its dependencies, so they are left out.
 */
export function isSpdx2(doc: JsonObject): boolean {
  return typeof doc.spdxVersion === 'string' && doc.spdxVersion.startsWith('SPDX-2');
}

export function isSpdx3(doc: JsonObject): boolean {
  return Array.isArray(doc['@graph']) && typeof doc['@context'] === 'string' && doc['@context'].includes('spdx.org/rdf/3');
}

export function readSpdx2(doc: JsonObject, sink: PackageSink): void {
  const roots = new Set(strings(doc.documentDescribes));
  for (const relationship of records(doc.relationships)) {
    if (relationship.relationshipType === 'DESCRIBES' && typeof relationship.relatedSpdxElement === 'string') {
      roots.add(relationship.relatedSpdxElement);
    }
  }
  records(doc.packages).forEach((pkg, index) => {
    const entry = `packages[${index}]`;
    if (typeof pkg.SPDXID === 'string' && roots.has(pkg.SPDXID)) return;
    const purl = records(pkg.externalRefs)
      .map((ref) => (ref.referenceType === 'purl' ? ref.referenceLocator : undefined))
      .find((locator): locator is string => typeof locator === 'string');
    if (purl !== undefined) sink.add(entry, purl);
    else sink.skip(entry, `${typeof pkg.name === 'string' ? pkg.name : 'a package'} has no purl external reference`);
  });
}

export function readSpdx3(doc: JsonObject, sink: PackageSink): void {
  const graph = records(doc['@graph']);
  const roots = new Set(graph.filter((element) => element.type === 'software_Sbom').flatMap((sbom) => strings(sbom.rootElement)));
  graph.forEach((element, index) => {
    if (element.type !== 'software_Package') return;
    const entry = `@graph[${index}]`;
    if (typeof element.spdxId === 'string' && roots.has(element.spdxId)) return;
    if (typeof element.software_packageUrl === 'string') sink.add(entry, element.software_packageUrl);
    else sink.skip(entry, `${typeof element.name === 'string' ? element.name : 'a package'} has no software_packageUrl`);
  });
}

function records(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}
