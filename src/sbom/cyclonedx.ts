import type {PackageSink} from './types.ts';
import {isRecord} from './shape.ts';

/** CycloneDX JSON (1.4–1.6): components nest; `metadata.component` is the product itself, not a dependency. */
export function isCycloneDx(doc: Record<string, unknown>): boolean {
  return doc.bomFormat === 'CycloneDX';
}

export function readCycloneDx(doc: Record<string, unknown>, sink: PackageSink): void {
  const pending: Array<[string, unknown]> = [['components', doc.components]];
  while (pending.length > 0) {
    const [path, components] = pending.pop()!;
    if (!Array.isArray(components)) continue;
    components.forEach((component, index) => {
      const entry = `${path}[${index}]`;
      if (!isRecord(component)) return sink.skip(entry, 'not an object');
      if (typeof component.purl === 'string') sink.add(entry, component.purl);
      else if (component.type !== 'application' && component.type !== 'file') sink.skip(entry, describeMissingPurl(component));
      pending.push([`${entry}.components`, component.components]);
    });
  }
}

function describeMissingPurl(component: Record<string, unknown>): string {
  const name = typeof component.name === 'string' ? component.name : 'a component';
  return `${name} has no purl`;
}
