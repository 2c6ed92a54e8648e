import {CONTEXTS} from '../contexts.ts';
import type {Check} from '../report.ts';
import {abbreviate, asArray, errorMessage, quote, type JsonObject} from './json.ts';
import {checkKeyShape} from './key-shape.ts';

/**
 * The `context` stage: every @context entry is the URL of a pinned context
 * (contexts are never fetched, and inline ones are refused with the other
 * keys key-shape.ts refuses), and the first one fixes the data model —
 * VC 2.0 or VC 1.1, both verified.
 */
export type DataModel = '2.0' | '1.1';

export interface ContextStage {
  check: Check;
  dataModel: DataModel | undefined;
  /** Every context can be loaded, so JSON-LD processing (and the proof) can run. */
  loadable: boolean;
  warnings: string[];
}

const OB_CONTEXT = /^https:\/\/(purl\.imsglobal\.org\/spec\/ob\/v3p0|imsglobal\.github\.io\/openbadges-specification)\/context(-3\.\d\.\d)?\.json$/;

export function checkContexts(credential: JsonObject): ContextStage {
  const contexts = asArray(credential['@context']);
  const urls = contexts.filter((entry): entry is string => typeof entry === 'string');
  const shape = checkKeyShape(credential);
  const dataModel = contexts[0] === CONTEXTS.credentialsV2 ? '2.0' : contexts[0] === CONTEXTS.credentialsV1 ? '1.1' : undefined;
  const warnings: string[] = [];
  const failures: string[] = [];
  if (contexts.length === 0) failures.push('The credential has an empty @context.');
  if (shape.unpinned.length > 0) {
    const list = shape.unpinned.slice(0, 3).map((url) => abbreviate(url)).join(', ');
    failures.push(`Unknown JSON-LD context ${list}: it is not one of the pinned contexts, and contexts are never fetched.`);
  }
  if (contexts.length > 0 && !dataModel) {
    failures.push(
      `The first @context must be ${CONTEXTS.credentialsV2} (VC 2.0) or ${CONTEXTS.credentialsV1} (VC 1.1), not ${quote(contexts[0])}.`,
    );
  }
  failures.push(...shape.refusals);
  for (const url of urls) {
    if (OB_CONTEXT.test(url) && url !== CONTEXTS.ob) {
      warnings.push(`The credential uses the Open Badges context ${url}; the current one is ${CONTEXTS.ob}.`);
    }
  }
  const loadable = shape.unpinned.length === 0 && !shape.malformed;
  if (failures.length > 0) {
    return {check: {check: 'context', result: 'failed', message: failures.join(' ')}, dataModel, loadable, warnings};
  }
  const message = `All ${urls.length} context URL${urls.length === 1 ? ' is' : 's are'} pinned; VC ${dataModel} data model.`;
  return {check: {check: 'context', result: warnings.length > 0 ? 'warning' : 'passed', message}, dataModel, loadable, warnings};
}

/** A readable sentence for jsonld.js errors, naming the offending term when safe mode reports one. */
export function describeJsonLdError(error: unknown): string {
  const details = (error as {details?: {event?: {code?: string; details?: Record<string, unknown>}}}).details;
  const event = details?.event;
  const term = event?.details?.property ?? event?.details?.type ?? event?.details?.term;
  if (typeof term === 'string') {
    return `the term ${quote(term)} is not defined by any of the credential's contexts (JSON-LD safe mode, ${event?.code ?? 'invalid'})`;
  }
  return errorMessage(error);
}
