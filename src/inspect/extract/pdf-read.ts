import {getDocumentProxy} from 'unpdf';
import {absoluteHttpUrl, emptyExtraction, type Extraction} from './extraction.ts';

const MAX_PAGES = 20;
const URL_IN_TEXT = /https?:\/\/[^\s<>"'()[\]{}]+/gi;

/**
 * A résumé as PDF: the targets of its link annotations and the URLs written in its text, first pages only.
 * Unbounded in time and memory: call it only inside the worker (see pdf.ts).
 */
export async function readPdf(bytes: Uint8Array, source: string): Promise<Extraction> {
  const extraction = emptyExtraction();
  const urls = new Set<string>();
  let pdf;
  try {
    // pdf.js takes ownership of (and detaches) the buffer it is given: the worker's own copy.
    pdf = await getDocumentProxy(bytes, {isEvalSupported: false, stopAtErrors: false, verbosity: 0});
  } catch (error) {
    extraction.problems.push({source, reason: `not a readable PDF: ${(error as Error).message}`});
    return extraction;
  }
  try {
    const pages = Math.min(pdf.numPages, MAX_PAGES);
    for (let number = 1; number <= pages; number += 1) {
      const page = await pdf.getPage(number);
      for (const annotation of await page.getAnnotations() as {url?: unknown}[]) {
        if (typeof annotation.url === 'string') urls.add(annotation.url);
      }
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
      for (const match of text.matchAll(URL_IN_TEXT)) urls.add(match[0].replace(/[.,;:!?]+$/, ''));
    }
    if (pdf.numPages > MAX_PAGES) extraction.problems.push({source, reason: `only the first ${MAX_PAGES} of ${pdf.numPages} pages were read`});
  } catch (error) {
    extraction.problems.push({source, reason: `the PDF could not be read to the end: ${(error as Error).message}`});
  } finally {
    await pdf.destroy();
  }
  for (const url of urls) {
    const absolute = absoluteHttpUrl(url, null);
    if (absolute) extraction.links.push({url: absolute, kind: 'link'});
  }
  return extraction;
}
