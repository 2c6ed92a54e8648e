import type {Services} from '../services.ts';
import {HallmarkError} from '../errors.ts';
import {HANDLE_PATTERN, SLUG_PATTERN} from '../vetting/model.ts';
import {parsePurl} from '../purl.ts';
import {layout, type PageMeta} from './layout.ts';
import type {Html} from './html.ts';
import {packagePage} from './package-page.ts';
import {packageLinkedData} from './package-linked-data.ts';
import {reviewerPage} from './reviewer-page.ts';
import {communityPage} from './community-page.ts';
import {packageModel} from './models/package.ts';
import {reviewerModel} from './models/reviewer.ts';
import {communityModel} from './models/community.ts';

/**
 * The public pages of the vetting world, rendered once for both the HTTP
 * routes and "verify anything", which reads our own pages from here
 * instead of fetching itself (see LocalCredentials.page).
 */
export interface RenderedPage {
  meta: PageMeta;
  body: Html;
}

export async function packagePageFor(services: Services, purl: string): Promise<RenderedPage> {
  const model = await packageModel(services, purl);
  const url = services.urls.packagePage(model.purl);
  const jsonLd = packageLinkedData(model, url, services.urls.base);
  return {meta: {title: model.name, description: `${model.name}: ${model.badges.length} badge(s) and ${model.reviews.length} review(s) on Hallmark.`, url, jsonLd}, body: packagePage(model)};
}

export async function reviewerPageFor(services: Services, handle: string): Promise<RenderedPage> {
  const model = await reviewerModel(services, handle);
  return {meta: {title: model.name, description: model.standing ?? `${model.name} reviews software releases on Hallmark.`, url: services.urls.reviewerPage(handle)}, body: reviewerPage(model)};
}

/** `actions`: what the signed-in viewer may do there (join, invite); none for anyone else. */
export async function communityPageFor(services: Services, slug: string, actions?: Html): Promise<RenderedPage> {
  const model = await communityModel(services, slug);
  return {meta: {title: model.name, description: model.description ?? `${model.name}: a Hallmark community that vets software releases.`, url: services.urls.communityPage(slug)}, body: communityPage(model, actions)};
}

/**
 * The HTML of our page at `url` (as served), undefined when `url` is not a
 * package, reviewer or community page of ours, null when it names one that
 * does not exist (or is malformed).
 */
export async function renderLocalPage(services: Services, url: string): Promise<string | null | undefined> {
  const base = `${services.urls.base}/`;
  if (!url.startsWith(base)) return undefined;
  const path = url.slice(base.length).split(/[?#]/)[0];
  const [section, ...rest] = path.split('/');
  const named = rest.join('/');
  let render: (() => Promise<RenderedPage>) | undefined;
  let text: string;
  try {
    text = decodeURIComponent(named);
  } catch {
    return null;
  }
  if (section === 'packages' && named !== '') render = () => packagePageFor(services, shapedPurl(text));
  else if (section === 'reviewers' && rest.length === 1 && HANDLE_PATTERN.test(text)) render = () => reviewerPageFor(services, text);
  else if (section === 'communities' && rest.length === 1 && SLUG_PATTERN.test(text)) render = () => communityPageFor(services, text);
  else if (section === 'reviewers' || section === 'communities') return rest.length === 1 ? null : undefined;
  if (!render) return undefined;
  try {
    const page = await render();
    return layout(page.meta, page.body);
  } catch (error) {
    if (error instanceof HallmarkError && (error.kind === 'not-found' || error.kind === 'invalid-input')) return null;
    throw error;
  }
}

function shapedPurl(text: string): string {
  parsePurl(text, 'purl');
  return text;
}
