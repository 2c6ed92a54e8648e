import {html, type Html} from './html.ts';

export function errorPage(status: number, message: string): Html {
  const headline = status === 404 ? 'Not found' : status >= 500 ? 'Something went wrong on our side' : 'That request could not be handled';
  return html`<h1>${headline}</h1>
<section class="verdict bad"><p>${message}</p></section>
<p><a href="/verify">Verify a badge</a></p>`;
}
