import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {makeBadge} from 'badge-maker';
import {initWasm, Resvg} from '@resvg/resvg-wasm';
import {LRUCache} from 'lru-cache';

/**
 * The images credentials are baked into. A baked file is a snapshot that
 * travels on its own, so its picture makes no claim about status: it names
 * the achievement, and verifying the credential inside says the rest. The
 * PNG is the SVG drawn by resvg (WebAssembly, no native code) with DejaVu
 * Sans from the dejavu-fonts-ttf package, so both name the achievement alike.
 */
const BADGE_BLUE = '#2b6cb0';

export function badgeSvg(achievementName: string): string {
  return makeBadge({label: 'Open Badge', message: achievementName.slice(0, 80) || 'credential', color: BADGE_BLUE, style: 'flat'});
}

const require = createRequire(import.meta.url);
/** Drawn at three times the SVG's size: sharp on high-density screens and in résumés. */
const ZOOM = 3;
let renderer: Promise<{font: Uint8Array}> | null = null;
const drawn = new LRUCache<string, Buffer>({max: 500});

function ready(): Promise<{font: Uint8Array}> {
  renderer ??= initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')))
    .then(() => ({font: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'))}))
    .catch((error: unknown) => {
      renderer = null;
      throw error;
    });
  return renderer;
}

/** The badge picture as PNG, naming the achievement as badgeSvg() does. */
export async function badgePng(achievementName: string): Promise<Buffer> {
  const cached = drawn.get(achievementName);
  if (cached) return Buffer.from(cached);
  const {font} = await ready();
  const resvg = new Resvg(badgeSvg(achievementName), {font: {fontBuffers: [font], defaultFontFamily: 'DejaVu Sans', loadSystemFonts: false}, fitTo: {mode: 'zoom', value: ZOOM}});
  const rendered = resvg.render();
  const png = Buffer.from(rendered.asPng());
  rendered.free();
  resvg.free();
  drawn.set(achievementName, png);
  return Buffer.from(png);
}
