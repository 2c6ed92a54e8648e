/**
 * Why an outbound fetch failed. Callers (verification, federation) turn the
 * reason into their own report, so it is a closed set rather than free text.
 */
export type FetchErrorReason =
  | 'bad-url'              // not http(s), userinfo present, unparseable, or an https→http redirect
  | 'blocked-address'      // the host is, or resolves to, an address we refuse to reach
  | 'timeout'              // the whole fetch (DNS, connect, headers, body, redirects) overran
  | 'too-large'            // the body (declared or received, after decompression) overran the cap
  | 'too-many-redirects'
  | 'http-status'          // a non-2xx answer where a document was expected
  | 'network'              // DNS failure, refused connection, reset, TLS failure
  | 'bad-content';         // unexpected content type, bad encoding, unparseable JSON

export class FetchError extends Error {
  readonly reason: FetchErrorReason;
  /** The URL of the hop that failed, which after redirects may differ from the one asked for. */
  readonly url: string;
  /** The HTTP status, for reason 'http-status'. */
  readonly status: number | undefined;

  constructor(
    reason: FetchErrorReason,
    url: string,
    message: string,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FetchError';
    this.reason = reason;
    this.url = url;
    this.status = options.status;
  }
}
