import {isPng} from '../../credentials/baking/index.ts';
import {COMPACT_JWS} from '../../credentials/compact-jws.ts';

export type ContentKind = 'png' | 'svg' | 'pdf' | 'json' | 'jwt' | 'html' | 'markdown';

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/**
 * What the bytes are, from their first bytes: an upload's file name and a
 * server's Content-Type are claims, the content is the fact. Only between
 * the text formats does the declared type break a tie (HTML served as HTML).
 */
export function sniff(bytes: Uint8Array, declaredType: string | null = null): ContentKind {
  if (isPng(bytes)) return 'png';
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024));
  if (head.subarray(0, 1024).includes(PDF_MAGIC)) return 'pdf';
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{')) return 'json';
  // READMEs often open with a badge, "[![…](…)](…)": a leading "[" is JSON only if the whole text parses.
  if (text.startsWith('[') && parsesAsJson(bytes)) return 'json';
  if (text.startsWith('<')) {
    if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text)) return 'svg';
    return 'html';
  }
  if (declaredType === 'text/html' || declaredType === 'application/xhtml+xml') return 'html';
  if (declaredType === 'image/svg+xml') return 'svg';
  if (bytes.byteLength < 64 * 1024 && COMPACT_JWS.test(Buffer.from(bytes).toString('utf8').trim())) return 'jwt';
  return 'markdown';
}

function parsesAsJson(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
  // Parsing costs time on a large upload; a JSON array ends with "]", most Markdown does not.
  if (!text.trimEnd().endsWith(']')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A file or response that says it is a PDF; when the bytes disagree, that is worth saying. */
export function claimsPdf(declaredType: string | null, filename: string | undefined): boolean {
  return declaredType === 'application/pdf' || /\.pdf$/i.test(filename ?? '');
}
