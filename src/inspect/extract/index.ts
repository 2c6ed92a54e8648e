import {extractBaked} from './baked.ts';
import {emptyExtraction, type Extraction} from './extraction.ts';
import {extractFromHtml} from './html.ts';
import {extractFromJson} from './json.ts';
import {extractFromMarkdown} from './markdown.ts';
import {extractFromPdf} from './pdf.ts';
import {claimsPdf, sniff} from './sniff.ts';

export type {Extraction, FoundCredential, FoundLink} from './extraction.ts';

export interface Content {
  bytes: Uint8Array;
  source: string;
  /** Where relative links resolve from: the URL it was fetched from, null for pasted text and uploads. */
  base: string | null;
  declaredType: string | null;
  filename?: string;
  /** Whether an image without a baked credential is worth a problem (it is when the image is what was given). */
  expectCredential: boolean;
}

/** Reads any supported document for credentials and links, by what its bytes are. */
export async function extract(content: Content): Promise<Extraction> {
  const {bytes, source, base} = content;
  const kind = sniff(bytes, content.declaredType);
  if (kind !== 'pdf' && claimsPdf(content.declaredType, content.filename)) {
    const extraction = emptyExtraction();
    extraction.problems.push({source, reason: 'this claims to be a PDF but is not one (no %PDF- header)'});
    return extraction;
  }
  switch (kind) {
    case 'png':
    case 'svg':
      return extractBaked(kind, bytes, source, content.expectCredential);
    case 'pdf':
      return extractFromPdf(bytes, source);
    case 'json':
      return extractFromJson(text(bytes), source);
    case 'jwt':
      return {...emptyExtraction(), credentials: [{source, value: text(bytes).trim()}]};
    case 'html':
      return extractFromHtml(text(bytes), base, source);
    case 'markdown':
      return extractFromMarkdown(text(bytes), base, source);
  }
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
