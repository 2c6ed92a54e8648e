/**
 * Issue 12 §5: every write endpoint, called as every kind of caller, answers
 * exactly what the permission table (src/authz/permissions.ts) allows: allowed
 * calls succeed; refused ones answer 401 (anonymous) or 403 and write nothing.
 * Browser forms are posted with the person's session; callers without one are
 * sent to sign in. The route list (write-routes.ts) must name every write route
 * the app registers, so a new route cannot go unchecked.
 */
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {ACTIONS, authorize, type Action, type Actor, type Resource} from '../../src/authz/index.ts';
import {HallmarkError} from '../../src/errors.ts';
import {productRoutes} from '../../src/http/app.ts';
import {Fixtures, PRINCIPALS, type Principal} from './fixtures.ts';
import {WRITE_ROUTES, type Prepared, type WriteRoute} from './write-routes.ts';

/** Actions no write route takes (they guard pages that show a form). */
const PAGE_ONLY_ACTIONS: Action[] = ['reviews.queue'];

let f: Fixtures;
before(async () => {
  f = await Fixtures.start();
});
after(async () => {
  await f.close();
});

type Expected = {allowed: true} | {allowed: false; status: 401 | 403 | 'sign-in'};

function expected(actor: Actor, action: Action, resource: Resource): Expected {
  try {
    authorize(actor, action, resource);
    return {allowed: true};
  } catch (error) {
    assert.ok(error instanceof HallmarkError);
    return {allowed: false, status: error.kind === 'unauthorized' ? 401 : 403};
  }
}

async function send(route: WriteRoute, prepared: Prepared, who: Principal): Promise<Response> {
  const session = route.web ? f.session(who) : null;
  // A browser sends its session cookie; a bearer token would take precedence over it.
  const headers: Record<string, string> = session ? {cookie: session.cookie} : {...f.tokens[who]};
  let body: string | FormData | undefined;
  if (prepared.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams({...(session ? {_csrf: session.formToken()} : {}), ...prepared.form}).toString();
  } else if (prepared.text) {
    headers['content-type'] = prepared.text.type;
    body = prepared.text.body;
  } else if (prepared.multipart) {
    const form = new FormData();
    form.append(prepared.multipart.field, new Blob([prepared.multipart.body]), prepared.multipart.filename);
    body = form;
  } else if (prepared.json !== undefined) {
    headers['content-type'] = 'application/json';
    if (session) headers['x-csrf-token'] = session.formToken();
    body = JSON.stringify(prepared.json);
  }
  return fetch(`${f.base}${prepared.path}`, {method: route.method, headers, body, redirect: 'manual'});
}

function outcomeOf(response: Response): string {
  const location = response.headers.get('location') ?? '';
  return response.status === 303 ? `303 → ${location.replace(f.base, '')}` : String(response.status);
}

function matches(route: WriteRoute, want: Expected, response: Response): boolean {
  const status = response.status;
  const toSignIn = status === 303 && /\/sign-in\b/.test(response.headers.get('location') ?? '');
  if (want.allowed) return route.allowedStatus !== undefined ? status === route.allowedStatus : (status >= 200 && status < 300) || (status === 303 && !toSignIn);
  if (want.status === 'sign-in') return toSignIn || status === 401 || status === 403;
  return status === want.status;
}

function changed(before: string, after: string): string {
  const was = new Set(before.split('\n'));
  return after.split('\n').filter((line) => !was.has(line)).map((line) => line.slice(0, 120)).join('; ');
}

test('the route list names every write route the app registers, and nothing else', () => {
  const registered = new Set(productRoutes(f.services).filter(({method}) => !['get', 'head', 'options'].includes(method)).map(({method, path}) => `${method.toUpperCase()} ${path}`));
  const listed = new Set(WRITE_ROUTES.map(({method, path}) => `${method} ${path}`));
  assert.deepEqual([...registered].filter((route) => !listed.has(route)), [], 'write routes with no row in test/authz/write-routes.ts');
  assert.deepEqual([...listed].filter((route) => !registered.has(route)), [], 'rows for routes the app does not have');
  for (const route of WRITE_ROUTES) assert.ok((route.action && route.prepare) || route.open || route.oauth || route.unexercised, `${route.method} ${route.path} names its action, or why it is open or decided by OAuth scopes`);
});

test('every action of the table is exercised by some write route', () => {
  const exercised = new Set(WRITE_ROUTES.map((route) => route.action));
  assert.deepEqual(ACTIONS.filter((action) => !exercised.has(action) && !PAGE_ONLY_ACTIONS.includes(action)), []);
});

test('every write endpoint, as every principal, answers exactly what the table allows and refusals write nothing', async () => {
  const wrong: string[] = [];
  let allowed = 0;
  let refused = 0;
  for (const route of WRITE_ROUTES) {
    if (!route.action || !route.prepare) continue;
    // A refused request wrote nothing, so what it was prepared with is still fresh for the next caller,
    // unless the route prepares per caller (its prepare takes `who`).
    let unused: Prepared | null = null;
    for (const who of PRINCIPALS) {
      const prepared: Prepared = unused ?? await route.prepare(f, who);
      unused = null;
      const action = prepared.action ?? route.action;
      const want: Expected = route.web && !f.session(who) ? {allowed: false, status: 'sign-in'} : expected(f.expectedActor(who), action, prepared.resource);
      const before = want.allowed ? '' : await f.fingerprint();
      const response = await send(route, prepared, who);
      const text = await response.text();
      const label = `${route.method} ${route.path} [${action}] as ${who}`;
      if (!matches(route, want, response)) wrong.push(`${label}: expected ${want.allowed ? `allowed${route.allowedStatus ? ` (${route.allowedStatus})` : ''}` : want.status}, got ${outcomeOf(response)} ${text.slice(0, 160)}`);
      else if (!want.allowed) {
        const after = await f.fingerprint();
        if (after !== before) wrong.push(`${label}: refused, but something was written: ${changed(before, after)}`);
      }
      if (want.allowed) allowed++;
      else refused++;
      if (!want.allowed && route.prepare.length < 2) unused = prepared;
    }
  }
  assert.deepEqual(wrong, []);
  // The matrix is not vacuous: both outcomes occur, for many calls.
  assert.ok(allowed > 50 && refused > 200, `${allowed} allowed, ${refused} refused`);
});
