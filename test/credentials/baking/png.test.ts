import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {deflateSync, crc32} from 'node:zlib';
import {PNG} from 'pngjs';
import {bakePng, unbakePng, PngFormatError, MAX_BAKED_TEXT_BYTES, PNG_KEYWORD} from '../../../src/credentials/baking/index.ts';

/** A real 2×2 PNG from an independent encoder, so our chunk walker is tested against someone else's output. */
function plainPng(): Buffer {
  const png = new PNG({width: 2, height: 2});
  png.data.fill(0x80);
  return PNG.sync.write(png);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Inserts a chunk before IEND (the last 12 bytes of a PNG). */
function withChunk(png: Buffer, extra: Buffer): Buffer {
  return Buffer.concat([png.subarray(0, png.length - 12), extra, png.subarray(png.length - 12)]);
}

const CREDENTIAL = JSON.stringify({'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], name: 'Ünïcode ✓'});

describe('PNG baking', () => {
  it('round-trips a JSON credential, and the baked file is still a PNG an image decoder reads', () => {
    const baked = bakePng(plainPng(), CREDENTIAL);
    assert.equal(unbakePng(baked), CREDENTIAL);
    const decoded = PNG.sync.read(baked);
    assert.equal(decoded.width, 2);
  });

  it('writes one uncompressed iTXt chunk with the OB 3.0 keyword, right before IEND', () => {
    const baked = bakePng(plainPng(), 'a.b.c');
    const iend = baked.length - 12;
    const length = baked.readUInt32BE(iend - 4 - 'openbadgecredential'.length - 5 - 5 - 8);
    const start = iend - 12 - length;
    assert.equal(baked.toString('latin1', start + 4, start + 8), 'iTXt');
    const data = baked.subarray(start + 8, start + 8 + length);
    assert.equal(data.toString('latin1', 0, PNG_KEYWORD.length), PNG_KEYWORD);
    assert.equal(data[PNG_KEYWORD.length + 1], 0, 'compression flag is 0');
    assert.equal(baked.toString('latin1', iend + 4, iend + 8), 'IEND');
  });

  it('refuses to bake a PNG that already carries a credential, unless asked to replace it', () => {
    const baked = bakePng(plainPng(), CREDENTIAL);
    assert.throws(() => bakePng(baked, 'x.y.z'), /already carries/);
    const replaced = bakePng(baked, 'x.y.z', {replace: true});
    assert.equal(unbakePng(replaced), 'x.y.z');
  });

  it('returns null for a PNG without a credential', () => {
    assert.equal(unbakePng(plainPng()), null);
  });

  it('reads a compressed iTXt chunk', () => {
    const data = Buffer.concat([Buffer.from(PNG_KEYWORD), Buffer.from([0, 1, 0, 0, 0]), deflateSync(Buffer.from(CREDENTIAL))]);
    assert.equal(unbakePng(withChunk(plainPng(), chunk('iTXt', data))), CREDENTIAL);
  });

  it('refuses a compressed chunk that inflates past the cap (zip bomb) without expanding it', () => {
    const bomb = deflateSync(Buffer.alloc(MAX_BAKED_TEXT_BYTES * 50, 0x20));
    const data = Buffer.concat([Buffer.from(PNG_KEYWORD), Buffer.from([0, 1, 0, 0, 0]), bomb]);
    assert.throws(() => unbakePng(withChunk(plainPng(), chunk('iTXt', data))), (error: Error) => error instanceof PngFormatError && /inflates past/.test(error.message));
  });

  it('refuses a huge uncompressed chunk', () => {
    const data = Buffer.concat([Buffer.from(PNG_KEYWORD), Buffer.from([0, 0, 0, 0, 0]), Buffer.alloc(MAX_BAKED_TEXT_BYTES + 1, 0x20)]);
    assert.throws(() => unbakePng(withChunk(plainPng(), chunk('iTXt', data))), /larger than/);
  });

  it('refuses a corrupt CRC, a truncated file and a file that is not a PNG', () => {
    const baked = bakePng(plainPng(), CREDENTIAL);
    const corrupt = Buffer.from(baked);
    corrupt[baked.length - 20] ^= 0xff;
    assert.throws(() => unbakePng(corrupt), /CRC/);
    assert.throws(() => unbakePng(baked.subarray(0, baked.length - 30)), /truncated/);
    assert.throws(() => unbakePng(Buffer.from('GIF89a not a png')), /not a PNG/);
    assert.throws(() => bakePng(Buffer.from('%PDF-1.7'), CREDENTIAL), /not a PNG/);
  });

  it('refuses two credential chunks', () => {
    const data = Buffer.concat([Buffer.from(PNG_KEYWORD), Buffer.from([0, 0, 0, 0, 0]), Buffer.from('a.b.c')]);
    const twice = withChunk(withChunk(plainPng(), chunk('iTXt', data)), chunk('iTXt', data));
    assert.throws(() => unbakePng(twice), /allows one/);
  });
});
