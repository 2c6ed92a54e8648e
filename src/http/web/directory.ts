import {Router, type Request} from 'express';
import type {Services} from '../../services.ts';
import {html} from '../../pages/html.ts';
import {filterLinks, homePage, itemList, listingPage, searchForm, type ListedItem, type Paging} from '../../pages/web/directory-pages.ts';
import {DIRECTORY_TYPES, type DirectoryType} from '../../directory/search-index.ts';
import {invalidInput} from '../../errors.ts';
import {ROLES, SLUG_PATTERN, type Role} from '../../vetting/model.ts';
import {displayName, parsePurl} from '../../purl.ts';
import {badgeListing, packagePath, reviewerPath} from '../../pages/models/listings.ts';
import type {BadgeListing} from '../../pages/listings.ts';
import {sendPage} from '../html-response.ts';
import {viewerOf} from '../web-auth.ts';

export const MAX_QUERY_LENGTH = 1000;
const PER_PAGE = 20;
const MAX_PAGE = 1000;
const TYPE_LABELS: Record<DirectoryType, string> = {community: 'Communities', package: 'Packages', reviewer: 'Reviewers'};

/** An optional single query parameter: absent is ''; repeated, or longer than `max`, is a 400 naming it. */
function param(req: Request, name: string, max: number): string {
  const value = req.query[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw invalidInput(`give ?${name} once`, [{field: name, problem: 'must be given once'}]);
  if (value.length > max) throw invalidInput(`?${name} may have at most ${max} characters`, [{field: name, problem: `is longer than ${max} characters`}]);
  return value;
}

function pageParam(req: Request): number {
  const text = param(req, 'page', 10) || '1';
  if (!/^[1-9]\d{0,3}$/.test(text) || Number(text) > MAX_PAGE) throw invalidInput(`?page is a page number from 1 to ${MAX_PAGE}`, [{field: 'page', problem: `must be 1 to ${MAX_PAGE}`}]);
  return Number(text);
}

function typeParam(req: Request): DirectoryType | undefined {
  const text = param(req, 'type', 20);
  if (text === '') return undefined;
  if (!(DIRECTORY_TYPES as readonly string[]).includes(text)) throw invalidInput(`?type is one of ${DIRECTORY_TYPES.join(', ')}`, [{field: 'type', problem: `must be one of ${DIRECTORY_TYPES.join(', ')}`}]);
  return text as DirectoryType;
}

function paging(total: number, page: number, href: (page: number) => string, perPage = PER_PAGE): Paging {
  return {total, page, pages: Math.max(1, Math.ceil(total / perPage)), href};
}

function query(base: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '').map(([key, value]): [string, string] => [key, String(value)]));
  const text = search.toString();
  return text ? `${base}?${text}` : base;
}

/** The home page, search (page and API) and the directory of communities, packages and reviewers. */
export function directoryRouter(services: Services): Router {
  const router = Router();
  const {vetting, directory, urls} = services;

  router.get('/', async (_req, res) => {
    const communities = (await vetting.communities.list()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const live = (await services.policies.badges.live()).filter((badge) => badge.state === 'active' && badge.credentialId !== null)
      .sort((a, b) => (b.issuedAt ?? '').localeCompare(a.issuedAt ?? '')).slice(0, 10);
    const names = new Map(communities.map((community) => [community.slug, community.name]));
    const badges = (await Promise.all(live.map((badge) => badgeListing(services, badge, names.get(badge.community) ?? badge.community, badge.policy)))).filter((item): item is BadgeListing => item !== null);
    const host = new URL(urls.base).host;
    sendPage(res, 200, {title: 'Home', description: `Hallmark at ${host}: vetted software releases with verifiable Open Badges.`, url: `${urls.base}/`}, homePage({
      host, badges, signedIn: viewerOf(res) !== null, moreCommunities: communities.length > 10,
      communities: communities.slice(0, 10).map((community) => ({title: community.name, path: `/communities/${community.slug}`, summary: [community.ecosystems.join(', '), community.description].filter(Boolean).join(' · ')})),
    }));
  });

  router.get('/api/v1/search', async (req, res) => {
    const q = param(req, 'q', MAX_QUERY_LENGTH);
    if (q.trim() === '') throw invalidInput('give ?q=<words to search for>', [{field: 'q', problem: 'is required'}]);
    const type = typeParam(req);
    const page = pageParam(req);
    const limitText = param(req, 'limit', 3) || String(PER_PAGE);
    if (!/^[1-9]\d{0,2}$/.test(limitText) || Number(limitText) > 100) throw invalidInput('?limit is 1 to 100', [{field: 'limit', problem: 'must be 1 to 100'}]);
    const limit = Number(limitText);
    const found = await directory.search(q, {type, limit, offset: (page - 1) * limit});
    res.json({query: q, type: type ?? null, page, perPage: limit, total: found.total, results: found.hits.map((hit) => ({type: hit.type, title: hit.title, summary: hit.summary, url: `${urls.base}${hit.path}`, ...hit.data, path: undefined}))});
  });

  router.get('/search', async (req, res) => {
    const q = param(req, 'q', MAX_QUERY_LENGTH);
    const type = typeParam(req);
    const page = pageParam(req);
    res.locals.searchQuery = q;
    const found = q.trim() === '' ? {total: 0, hits: []} : await directory.search(q, {type, limit: PER_PAGE, offset: (page - 1) * PER_PAGE});
    const items: ListedItem[] = found.hits.map((hit) => ({title: hit.title, path: hit.path, summary: hit.summary, kind: hit.type}));
    const filters = filterLinks('Show', [{label: 'Everything', href: query('/search', {q}), current: type === undefined}, ...DIRECTORY_TYPES.map((kind) => ({label: TYPE_LABELS[kind], href: query('/search', {q, type: kind}), current: type === kind}))]);
    const intro = searchForm('/search', q, 'Search communities, packages and reviewers', type ? {type} : {});
    sendPage(res, 200, {title: q ? `Search: ${q.slice(0, 80)}` : 'Search', description: 'Search this Hallmark instance.'},
      listingPage('Search', intro, q ? filters : html``, q ? itemList(items, 'Nothing matches every word you gave.') : html`<p class="muted">Type a name, a purl (pkg:npm/left-pad) or a handle.</p>`, paging(found.total, page, (n) => query('/search', {q, type, page: n}))));
  });

  router.get('/communities', async (req, res) => {
    const ecosystem = param(req, 'ecosystem', 32);
    const page = pageParam(req);
    const all = (await vetting.communities.list()).sort((a, b) => a.name.localeCompare(b.name));
    const ecosystems = [...new Set(all.flatMap((community) => community.ecosystems))].sort();
    const shown = ecosystem ? all.filter((community) => community.ecosystems.includes(ecosystem)) : all;
    const items = shown.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((community) => ({title: community.name, path: `/communities/${community.slug}`, summary: [community.ecosystems.join(', ') || 'every package type', community.membership === 'open' ? 'open to join' : '', community.description].filter(Boolean).join(' · ')}));
    const filters = filterLinks('Ecosystem', [{label: 'All', href: '/communities', current: ecosystem === ''}, ...ecosystems.map((name) => ({label: name, href: query('/communities', {ecosystem: name}), current: name === ecosystem}))]);
    sendPage(res, 200, {title: 'Communities', description: 'The communities that vet software releases on this instance.', url: `${urls.base}/communities`},
      listingPage('Communities', html`<p>Each community publishes its policies, admits its auditors and issues badges in its own name.</p>`, filters, itemList(items, 'No community here reviews that ecosystem yet.'), paging(shown.length, page, (n) => query('/communities', {ecosystem, page: n}))));
  });

  router.get('/packages', async (req, res) => {
    const q = param(req, 'q', MAX_QUERY_LENGTH);
    const page = pageParam(req);
    let items: ListedItem[];
    let total: number;
    let exact: ListedItem | null = null;
    if (q.trim() !== '') {
      const found = await directory.search(q, {type: 'package', limit: PER_PAGE, offset: (page - 1) * PER_PAGE});
      ({total} = found);
      items = found.hits.map((hit) => ({title: hit.title, path: hit.path, summary: `${String(hit.data.purl)} · ${hit.summary}`}));
      if (q.trim().startsWith('pkg:')) {
        try {
          const parsed = parsePurl(q.trim(), 'q');
          exact = {title: parsed.purl, path: packagePath(urls, parsed.purl), summary: 'this package or release'};
        } catch {
          // Not a purl after all: the word search above is the answer.
        }
      }
    } else {
      const all = [...new Set([...(await vetting.reviews.packages()), ...(await services.policies.badges.packages())])].sort();
      total = all.length;
      items = all.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((pkg) => ({title: displayName(pkg), path: packagePath(urls, pkg), summary: pkg}));
    }
    const intro = html`${searchForm('/packages', q, 'Package name or purl')}${exact ? html`<p>Go to ${itemList([exact], '')}</p>` : ''}`;
    sendPage(res, 200, {title: 'Packages', description: 'Packages reviewed and badged on this instance.', url: `${urls.base}/packages`},
      listingPage('Packages', intro, html``, itemList(items, q ? 'No reviewed or badged package matches.' : 'No package has been reviewed yet.'), paging(total, page, (n) => query('/packages', {q, page: n}))));
  });

  router.get('/reviewers', async (req, res) => {
    const community = param(req, 'community', 64);
    const role = param(req, 'role', 20);
    const page = pageParam(req);
    if (community && !SLUG_PATTERN.test(community)) throw invalidInput('?community is a community slug', [{field: 'community', problem: 'is not a slug'}]);
    if (role && !(ROLES as readonly string[]).includes(role)) throw invalidInput(`?role is one of ${ROLES.join(', ')}`, [{field: 'role', problem: `must be one of ${ROLES.join(', ')}`}]);
    const communities = (await vetting.communities.list()).sort((a, b) => a.name.localeCompare(b.name));
    let people: ListedItem[];
    if (community) {
      const ranked = (await services.reviewers.list(community)).filter((reviewer) => reviewer.role !== null && (!role || reviewer.role === role as Role));
      const names = await Promise.all(ranked.map((reviewer) => vetting.accounts.find(reviewer.handle)));
      people = ranked.map((reviewer, index) => ({title: names[index]?.name ?? reviewer.handle, path: reviewerPath(urls, reviewer.handle), summary: `${reviewer.role} · ${reviewer.stats.reviewsAccepted} accepted review${reviewer.stats.reviewsAccepted === 1 ? '' : 's'} · ${reviewer.stats.vettingsGiven} vetting${reviewer.stats.vettingsGiven === 1 ? '' : 's'} given`}));
    } else {
      const accounts = (await vetting.accounts.list()).filter((account) => account.kind === 'person').sort((a, b) => a.name.localeCompare(b.name));
      const held = await Promise.all(accounts.map((account) => vetting.roles.rolesOf(account.handle)));
      people = accounts.map((account, index) => ({account, roles: held[index].filter((grant) => !role || grant.role === role)}))
        .filter(({roles}) => roles.length > 0)
        .map(({account, roles}) => ({title: account.name, path: reviewerPath(urls, account.handle), summary: roles.map((grant) => `${grant.role} of ${grant.community}`).join(', ')}));
    }
    const filters = html`${filterLinks('Community', [{label: 'All', href: query('/reviewers', {role}), current: community === ''}, ...communities.map((item) => ({label: item.name, href: query('/reviewers', {community: item.slug, role}), current: item.slug === community}))])}
${filterLinks('Standing', [{label: 'Any', href: query('/reviewers', {community}), current: role === ''}, ...ROLES.map((name) => ({label: name, href: query('/reviewers', {community, role: name}), current: name === role}))])}`;
    sendPage(res, 200, {title: 'Reviewers', description: 'The people who review and vet releases on this instance.', url: `${urls.base}/reviewers`},
      listingPage('Reviewers', html`<p>People who hold a role in a community${community ? ', best reputation first' : ''}.</p>`, filters, itemList(people.slice((page - 1) * PER_PAGE, page * PER_PAGE), 'Nobody matches.'), paging(people.length, page, (n) => query('/reviewers', {community, role, page: n}))));
  });

  return router;
}
