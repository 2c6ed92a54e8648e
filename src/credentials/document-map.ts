import {readFile, stat} from 'node:fs/promises';
import {dirname, isAbsolute, join, resolve} from 'node:path';
import {isObject} from '../json.ts';
import {MapDocumentSource} from './documents.ts';

/**
 * Offline documents for `hallmark verify --documents <dir-or-map.json>`: a
 * JSON file mapping URL → file path (relative to the map file's folder), or
 * a directory holding such a map as `urlmap.json`. Every file is JSON,
 * whatever its extension (status lists are often served without one),
 * except images (badge images that OB 2.0 documents link to), which are
 * kept as bytes.
 */
const IMAGE_FILE = /\.(png|svg|jpe?g|gif|webp)$/i;

export async function loadDocumentMap(path: string): Promise<MapDocumentSource> {
  const mapFile = (await stat(path)).isDirectory() ? join(path, 'urlmap.json') : path;
  const folder = dirname(resolve(mapFile));
  const map = parseJson(await readFile(mapFile, 'utf8'), mapFile);
  if (!isObject(map)) {
    throw new Error(`${mapFile} must be a JSON object mapping URLs to file paths`);
  }
  const documents = new Map<string, unknown>();
  const images = new Map<string, Uint8Array>();
  const cache = new Map<string, unknown>();
  for (const [url, target] of Object.entries(map)) {
    if (typeof target !== 'string' || target === '') {
      throw new Error(`${mapFile}: the entry for ${url} must be a file path`);
    }
    const file = isAbsolute(target) ? target : join(folder, target);
    if (IMAGE_FILE.test(file)) {
      images.set(url, await readFile(file));
      continue;
    }
    if (!cache.has(file)) cache.set(file, parseJson(await readFile(file, 'utf8'), file));
    documents.set(url, cache.get(file));
  }
  return new MapDocumentSource(documents, images);
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}
