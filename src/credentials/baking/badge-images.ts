import {makeBadge} from 'badge-maker';
import {PNG} from 'pngjs';

/**
 * The images credentials are baked into. A baked file is a snapshot that
 * travels on its own, so its picture makes no claim about status: it names
 * the achievement, and verifying the credential inside says the rest.
 */
const BADGE_BLUE = '#2b6cb0';

export function badgeSvg(achievementName: string): string {
  return makeBadge({label: 'Open Badge', message: achievementName.slice(0, 80) || 'credential', color: BADGE_BLUE, style: 'flat'});
}

const SIZE = 96;
let cachedPng: Buffer | null = null;

/** A rosette drawn in pure JS (no native image libraries): a blue disc, a white ring, a white check mark. */
export function badgePng(): Buffer {
  cachedPng ??= drawRosette();
  return Buffer.from(cachedPng);
}

function drawRosette(): Buffer {
  const png = new PNG({width: SIZE, height: SIZE});
  const centre = (SIZE - 1) / 2;
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const distance = Math.hypot(x - centre, y - centre);
      const offset = (y * SIZE + x) * 4;
      let colour: [number, number, number, number] = [0, 0, 0, 0];
      if (distance <= 46) colour = [0x2b, 0x6c, 0xb0, 255];
      if (distance > 38 && distance <= 41) colour = [255, 255, 255, 255];
      if (onCheckMark(x, y)) colour = [255, 255, 255, 255];
      png.data.set(colour, offset);
    }
  }
  return PNG.sync.write(png);
}

/** Two strokes: (28,50)→(42,64) and (42,64)→(70,34), 5 px wide. */
function onCheckMark(x: number, y: number): boolean {
  return nearSegment(x, y, 28, 50, 42, 64) || nearSegment(x, y, 42, 64, 70, 34);
}

function nearSegment(x: number, y: number, x1: number, y1: number, x2: number, y2: number): boolean {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= 2.5;
}
