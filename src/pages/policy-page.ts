import {html, type Html} from './html.ts';
import {link} from './listings.ts';
import {displayDate} from './verdict.ts';

/** One published policy version: what its badges assert, in the signed Achievement's words. */
export interface PolicyPageModel {
  title: string;
  description: string | null;
  community: {name: string; path: string};
  version: number;
  digest: string;
  publishedAt: string;
  /** The Achievement's criteria.narrative: a lead sentence, then one "- " line per rule. */
  criteria: string;
  /** The Achievement as JSON, for verifiers. */
  jsonPath: string;
}

export function policyPage(model: PolicyPageModel): Html {
  return html`<p class="muted">Policy · ${link(model.community.path, model.community.name)}</p>
<h1>${model.title}</h1>
${model.description ? html`<p>${model.description}</p>` : ''}
<h2>What a badge under this policy asserts</h2>
${narrative(model.criteria)}
<p class="muted">Version ${model.version}, published ${displayDate(model.publishedAt)} · digest <code>${model.digest}</code> · ${link(model.jsonPath, 'the Achievement as JSON')}</p>`;
}

/** A narrative's "- " lines become a list; other lines stay paragraphs. */
export function narrative(text: string): Html {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);
  const items = lines.filter((line) => line.startsWith('- ')).map((line) => line.slice(2));
  const prose = lines.filter((line) => !line.startsWith('- '));
  return html`${prose.map((line) => html`<p>${line}</p>`)}${items.length > 0 ? html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>` : ''}`;
}
