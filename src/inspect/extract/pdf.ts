import {Worker} from 'node:worker_threads';
import {emptyExtraction, type Extraction} from './extraction.ts';

/**
 * Bounds on reading one PDF. pdf.js inflates FlateDecode streams without a
 * size bound: 1 MB of deflated zeros is gigabytes and tens of seconds, so
 * every PDF is read in a worker thread with its own small heap and a wall
 * clock, and only a few at once so concurrent uploads cannot add up.
 */
export const PDF_LIMITS = {
  timeoutMs: 5_000,
  maxOldGenerationSizeMb: 256,
  maxYoungGenerationSizeMb: 32,
  /**
   * Growth of the process's resident memory while PDFs are read. The worker's
   * heap limit does not cover the ArrayBuffers pdf.js inflates streams into,
   * so the process is watched too and the readers are stopped past this.
   */
  maxMemoryGrowthMb: 512,
  concurrency: 2,
  /** PDFs waiting for a free reader; beyond this a PDF is refused at once rather than queued. */
  maxWaiting: 8,
};

const WORKER_URL = new URL('./pdf-worker.ts', import.meta.url);
const OUT_OF_LIMITS = 'the PDF could not be read within limits';

let running = 0;
const waiting: (() => void)[] = [];
/** How to stop each worker now reading, for the memory watch. */
const active = new Set<(reason: string) => void>();
let watch: {timer: NodeJS.Timeout; baseline: number} | null = null;

/** A résumé as PDF: the targets of its link annotations and the URLs written in its text, read in a bounded worker. */
export async function extractFromPdf(bytes: Uint8Array, source: string): Promise<Extraction> {
  if (running >= PDF_LIMITS.concurrency) {
    if (waiting.length >= PDF_LIMITS.maxWaiting) return refused(source, 'too many PDFs are being read right now; try again shortly');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running += 1;
  try {
    return await readInWorker(bytes, source);
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function readInWorker(bytes: Uint8Array, source: string): Promise<Extraction> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_URL, {
      resourceLimits: {maxOldGenerationSizeMb: PDF_LIMITS.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: PDF_LIMITS.maxYoungGenerationSizeMb},
    });
    let settled = false;
    const stop = (reason: string): void => finish(refused(source, `${OUT_OF_LIMITS} (${reason})`));
    const finish = (extraction: Extraction): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unwatch(stop);
      resolve(extraction);
      void worker.terminate();
    };
    watchMemory(stop);
    const timer = setTimeout(() => stop(`it took longer than ${PDF_LIMITS.timeoutMs / 1000} s`), PDF_LIMITS.timeoutMs);
    worker.once('message', (extraction: Extraction) => finish(extraction));
    worker.once('error', (error: Error & {code?: string}) => {
      // The answer is public: a crash's message (paths, internals) is not repeated in it.
      stop(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `it needed more than ${PDF_LIMITS.maxOldGenerationSizeMb} MB of memory` : 'the reader failed');
    });
    worker.once('exit', () => finish(refused(source, OUT_OF_LIMITS)));
    // A copy the worker owns: pdf.js detaches what it is given, and the caller keeps its bytes.
    const copy = new Uint8Array(bytes);
    worker.postMessage({bytes: copy, source}, [copy.buffer]);
  });
}

function watchMemory(stop: (reason: string) => void): void {
  active.add(stop);
  if (watch !== null) return;
  const baseline = process.memoryUsage.rss();
  const timer = setInterval(() => {
    if (process.memoryUsage.rss() - baseline <= PDF_LIMITS.maxMemoryGrowthMb * 1024 * 1024) return;
    // Which reader grew is not knowable from here; all of them stop, and their memory is freed.
    for (const each of [...active]) each(`reading PDFs needed more than ${PDF_LIMITS.maxMemoryGrowthMb} MB of memory`);
  }, 25);
  timer.unref();
  watch = {timer, baseline};
}

function unwatch(stop: (reason: string) => void): void {
  active.delete(stop);
  if (active.size > 0 || watch === null) return;
  clearInterval(watch.timer);
  watch = null;
}

function refused(source: string, reason: string): Extraction {
  const extraction = emptyExtraction();
  extraction.problems.push({source, reason});
  return extraction;
}
