import {unbakePng, unbakeSvg} from '../../credentials/baking/index.ts';
import {emptyExtraction, type Extraction} from './extraction.ts';

/** The credential baked into a PNG or SVG, or a problem saying why there is none. */
export function extractBaked(kind: 'png' | 'svg', bytes: Uint8Array, source: string, reportMissing: boolean): Extraction {
  const extraction = emptyExtraction();
  try {
    const text = kind === 'png' ? unbakePng(bytes) : unbakeSvg(Buffer.from(bytes).toString('utf8'));
    if (text !== null) extraction.credentials.push({source, value: text});
    else if (reportMissing) extraction.problems.push({source, reason: `the ${kind.toUpperCase()} image carries no baked credential`});
  } catch (error) {
    extraction.problems.push({source, reason: (error as Error).message});
  }
  return extraction;
}
