import {inflateSync} from 'node:zlib';
import {PngFormatError, readChunks, writeChunks, type PngChunk} from './png-chunks.ts';

/** OB 3.0 §5.3: the keyword of the iTXt chunk a credential is baked into. */
export const PNG_KEYWORD = 'openbadgecredential';
/** OB 2.0 Baking: the keyword of the iTXt (or, from older bakers, tEXt) chunk an assertion, its URL or its JWS is baked into. */
export const OB2_PNG_KEYWORD = 'openbadges';
/** A credential is a few kilobytes; anything inflating past this is refused rather than expanded. */
export const MAX_BAKED_TEXT_BYTES = 1024 * 1024;

export interface BakeOptions {
  /** OB 3.0 leaves it to the implementer whether an already-baked image is refused or overwritten; we refuse unless asked. */
  replace?: boolean;
}

/**
 * Bakes `credential` (JSON text or a compact JWT) into a PNG: one
 * uncompressed iTXt chunk just before IEND, as OB 3.0 requires.
 */
export function bakePng(png: Uint8Array, credential: string, options: BakeOptions = {}): Buffer {
  const chunks = readChunks(png);
  const baked = chunks.filter(isCredentialChunk);
  if (baked.length > 0 && options.replace !== true) throw new PngFormatError('the PNG already carries a baked credential');
  const kept = chunks.filter((chunk) => !isCredentialChunk(chunk));
  const chunk: PngChunk = {type: 'iTXt', data: iTXt(credential)};
  return writeChunks([...kept.slice(0, -1), chunk, kept[kept.length - 1]]);
}

/**
 * The baked credential text, or null for a PNG without one; throws
 * PngFormatError for a broken or non-PNG file. An OB 3.0 credential is
 * read first; else an OB 2.0 `openbadges` chunk (iTXt before tEXt, as the
 * 1EdTech bakery reads them): assertion JSON, its hosted URL, or a JWS.
 */
export function unbakePng(png: Uint8Array): string | null {
  const chunks = readChunks(png);
  const found = chunks.filter(isCredentialChunk);
  if (found.length > 1) throw new PngFormatError(`the PNG carries ${found.length} ${PNG_KEYWORD} chunks; OB 3.0 allows one`);
  if (found.length === 1) return readITXtText(found[0].data);
  const international = chunks.find((chunk) => chunk.type === 'iTXt' && keywordOf(chunk) === OB2_PNG_KEYWORD);
  if (international) return readITXtText(international.data);
  const latin = chunks.find((chunk) => chunk.type === 'tEXt' && keywordOf(chunk) === OB2_PNG_KEYWORD);
  if (latin) return readTExtText(latin.data);
  return null;
}

function iTXt(text: string): Buffer {
  // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, UTF-8 text
  return Buffer.concat([Buffer.from(PNG_KEYWORD, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]);
}

function isCredentialChunk(chunk: PngChunk): boolean {
  return chunk.type === 'iTXt' && keywordOf(chunk) === PNG_KEYWORD;
}

function keywordOf(chunk: PngChunk): string | undefined {
  // PNG keywords are 1 to 79 Latin-1 characters, NUL-terminated.
  const nul = chunk.data.subarray(0, 80).indexOf(0);
  return nul > 0 ? chunk.data.toString('latin1', 0, nul) : undefined;
}

/** tEXt: keyword NUL Latin-1 text. */
function readTExtText(data: Buffer): string {
  const body = data.subarray(data.indexOf(0) + 1);
  if (body.length > MAX_BAKED_TEXT_BYTES) throw new PngFormatError(`the baked assertion is larger than ${MAX_BAKED_TEXT_BYTES} bytes`);
  return body.toString('latin1');
}

function readITXtText(data: Buffer): string {
  let offset = data.indexOf(0) + 1;
  if (offset + 2 > data.length) throw new PngFormatError('the iTXt chunk is truncated');
  const compressed = data[offset] === 1;
  offset += 2;
  const languageEnd = data.indexOf(0, offset);
  if (languageEnd < 0) throw new PngFormatError('the iTXt chunk is truncated (no language tag end)');
  const translatedEnd = data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) throw new PngFormatError('the iTXt chunk is truncated (no translated keyword end)');
  const body = data.subarray(translatedEnd + 1);
  if (!compressed) {
    if (body.length > MAX_BAKED_TEXT_BYTES) throw new PngFormatError(`the baked credential is larger than ${MAX_BAKED_TEXT_BYTES} bytes`);
    return decodeUtf8(body);
  }
  let inflated: Buffer;
  try {
    // maxOutputLength makes zlib stop at the cap instead of expanding a bomb.
    inflated = inflateSync(body, {maxOutputLength: MAX_BAKED_TEXT_BYTES});
  } catch (error) {
    const tooBig = (error as {code?: string}).code === 'ERR_BUFFER_TOO_LARGE' || /too large|maxOutputLength/i.test((error as Error).message);
    throw new PngFormatError(tooBig ? `the compressed baked credential inflates past ${MAX_BAKED_TEXT_BYTES} bytes` : 'the compressed iTXt chunk is corrupt');
  }
  return decodeUtf8(inflated);
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch {
    throw new PngFormatError('the baked credential is not valid UTF-8');
  }
}
