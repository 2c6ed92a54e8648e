import {parentPort} from 'node:worker_threads';
import {readPdf} from './pdf-read.ts';

/**
 * Runs pdf.js away from the server's event loop: pdf.js inflates content
 * streams synchronously and without a size bound, so a small hostile PDF can
 * cost seconds of CPU and gigabytes of memory. The parent bounds this
 * thread's heap and time and terminates it when either runs out.
 */
parentPort?.once('message', (message: {bytes: Uint8Array; source: string}) => {
  readPdf(message.bytes, message.source).then(
    (extraction) => parentPort?.postMessage(extraction),
    (error: unknown) => parentPort?.postMessage({credentials: [], links: [], problems: [{source: message.source, reason: `not a readable PDF: ${(error as Error).message}`}]}),
  );
});
