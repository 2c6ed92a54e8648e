/**
 * What every request passes through before and after its route, so routes
 * added anywhere get it without asking: security headers, a request id and
 * one structured log line, and request metrics by route template.
 */
import {randomUUID} from 'node:crypto';
import type {Request, RequestHandler} from 'express';
import helmet from 'helmet';
import {pinoHttp} from 'pino-http';
import type {Logger} from '../observe/log.ts';
import type {Metrics} from '../observe/metrics.ts';

/**
 * helmet with what this service needs: everything defaults to a CSP that
 * loads nothing and may not be framed (pages send their own, stricter
 * policy), `nosniff`, no referrer, HSTS only when the public URL is https
 * (a plain-http instance is a local one, and HSTS on localhost would stick
 * to every port), and resources that other origins may embed (README badges)
 * and fetch (status lists, DID documents).
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  return helmet({
    contentSecurityPolicy: {useDefaults: false, directives: {defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'self'"]}},
    crossOriginResourcePolicy: {policy: 'cross-origin'},
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: publicUrl.startsWith('https://') ? {maxAge: 31_536_000, includeSubDomains: false} : false,
    referrerPolicy: {policy: 'no-referrer'},
    xFrameOptions: {action: 'deny'},
  });
}

const INCOMING_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * One JSON line per request: id (a sane incoming `X-Request-Id` from the
 * proxy, else a new UUID; sent back as `X-Request-Id`), method, path without
 * query, status, milliseconds, client address. Handlers log through
 * `req.log`, which carries the same id.
 */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId(req, res) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    quietReqLogger: false,
    customLogLevel: (_req, res, error) => (error !== undefined || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${res.statusCode}`,
    serializers: {
      req: (req: {id: unknown; method: string; url: string; remoteAddress?: string}) => ({id: req.id, method: req.method, path: pathOf(req.url), remoteAddress: req.remoteAddress}),
      res: (res: {statusCode: number}) => ({status: res.statusCode}),
    },
  }) as unknown as RequestHandler;
}

/** Paths whose last segment is a secret (an invitation link): logged with the secret censored. */
const SECRET_PATHS = /(\/invitations\/)(?!inv_)[^/]+/;

function pathOf(url: string): string {
  const query = url.indexOf('?');
  const path = (query < 0 ? url : url.slice(0, query)).slice(0, 512);
  return path.replace(SECRET_PATHS, '$1[redacted]');
}

/** Counts and times every answered request under its route template (never the raw path: ids would explode the series). */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.requestSeconds.startTimer();
    res.once('finish', () => {
      const route = routeOf(req);
      stop({method: req.method, route});
      metrics.requests.inc({method: req.method, route, status: String(res.statusCode)});
    });
    next();
  };
}

function routeOf(req: Request): string {
  const path: unknown = req.route?.path;
  return typeof path === 'string' ? path : 'unmatched';
}
