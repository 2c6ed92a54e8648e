import {crc32} from 'node:zlib';

/**
 * Walking PNG chunks: length, type, data, CRC. Baking only touches text
 * chunks, so we never decode pixels; image libraries would, and would
 * rewrite the file.
 */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/**
 * Far more chunks than any badge image has (encoders write image data in
 * chunks of 8 KiB or more, so even a 10 MB PNG has about 1,300); a file
 * made of thousands of tiny chunks is refused before any is read further.
 */
export const MAX_PNG_CHUNKS = 4096;

export interface PngChunk {
  type: string;
  data: Buffer;
}

export class PngFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PngFormatError';
  }
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && Buffer.from(bytes.buffer, bytes.byteOffset, PNG_SIGNATURE.length).equals(PNG_SIGNATURE);
}

/** Every chunk up to and including IEND; a bad CRC, a chunk running past the end or a missing IEND is an error. */
export function readChunks(bytes: Uint8Array): PngChunk[] {
  if (!isPng(bytes)) throw new PngFormatError('not a PNG file (the PNG signature is missing)');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  while (offset < buffer.length) {
    if (offset + 12 > buffer.length) throw new PngFormatError(`the PNG is truncated: a chunk header at byte ${offset} runs past the end`);
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new PngFormatError(`the PNG has a malformed chunk type at byte ${offset}`);
    const end = offset + 12 + length;
    if (end > buffer.length) throw new PngFormatError(`the PNG is truncated: chunk ${type} at byte ${offset} runs past the end`);
    const data = buffer.subarray(offset + 8, offset + 8 + length);
    const expected = buffer.readUInt32BE(offset + 8 + length);
    if (crc32(buffer.subarray(offset + 4, offset + 8 + length)) !== expected) {
      throw new PngFormatError(`the PNG is corrupt: chunk ${type} at byte ${offset} fails its CRC check`);
    }
    chunks.push({type, data});
    if (chunks.length > MAX_PNG_CHUNKS) throw new PngFormatError(`the PNG has more than ${MAX_PNG_CHUNKS} chunks; no badge image has that many`);
    offset = end;
    if (type === 'IEND') return chunks;
  }
  throw new PngFormatError('the PNG is truncated: it has no IEND chunk');
}

export function writeChunks(chunks: PngChunk[]): Buffer {
  const parts: Buffer[] = [PNG_SIGNATURE];
  for (const chunk of chunks) {
    const header = Buffer.alloc(8);
    header.writeUInt32BE(chunk.data.length, 0);
    header.write(chunk.type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), chunk.data])), 0);
    parts.push(header, chunk.data, crc);
  }
  return Buffer.concat(parts);
}
