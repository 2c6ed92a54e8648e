/**
 * fetch with a cookie jar and no automatic redirects: a program walking
 * through pages the way a browser does, over real HTTP, one hop at a time.
 */
export class CookieFetch {
  readonly #jar = new Map<string, string>();
  readonly base: string;

  constructor(base: string) {
    this.base = base;
  }

  /** `url` may be absolute, or a path below the base's own path (a public URL's prefix), given with or without it. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const prefix = new URL(this.base).pathname.replace(/\/+$/, '');
    const target = new URL(url.startsWith('/') && !url.startsWith(`${prefix}/`) ? `${prefix}${url}` : url, this.base);
    const headers = new Headers(init.headers);
    if (target.origin === new URL(this.base).origin && this.#jar.size > 0) headers.set('cookie', [...this.#jar].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await fetch(target, {...init, headers, redirect: 'manual'});
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const gone = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || (/^\s*expires=/i.test(attribute) && Date.parse(attribute.split('=')[1]) < Date.now()));
      if (gone || value === '') this.#jar.delete(name);
      else this.#jar.set(name, value);
    }
    return response;
  }

  /** Posts a url-encoded form. */
  form(url: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(url, {method: 'POST', headers: {'content-type': 'application/x-www-form-urlencoded'}, body: new URLSearchParams(fields).toString()});
  }

  /** Signs in with a password (the sign-in page's own form and token). */
  async signIn(handle: string, password: string): Promise<void> {
    const page = await (await this.fetch('/sign-in')).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!token) throw new Error('the sign-in page carries no form token');
    const response = await this.form('/sign-in', {_csrf: token, handle, password, next: '/account'});
    if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  }
}
