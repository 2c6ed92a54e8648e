import type {PackageSink} from './types.ts';
import {isObject, type JsonObject} from '../json.ts';

/** CycloneDX JSON (1.4–1.6): components nest; `metadata.component` is the product itself, not a dependency. */
export function isCycloneDx(doc: JsonObject): boolean {
  return doc.bomFormat === 'CycloneDX';
}

export function readCycloneDx(doc: JsonObject, sink: PackageSink): void {
  const pending: Array<[string, unknown]> = [['components', doc.components]];
  while (pending.length > 0) {
    const [path, components] = pending.pop()!;
    if (!Array.isArray(components)) continue;
    components.forEach((component, index) => {
      const entry = `${path}[${index}]`;
      if (!isObject(component)) return sink.skip(entry, 'not an object');
      if (typeof component.purl === 'string') sink.add(entry, component.purl);
      else if (component.type !== 'application' && component.type !== 'file') sink.skip(entry, describeMissingPurl(component));
      pending.push([`${entry}.components`, component.components]);
    });
  }
}

function describeMissingPurl(component: JsonObject): string {
  const name = typeof component.name === 'string' ? component.name : 'a component';
  return `${name} has no purl`;
}
