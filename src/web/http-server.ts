import restify from 'restify';
import { legalLanguage, renderLegalPage } from './legal-pages.js';
import type { Logger } from 'pino';
import { ActivityEnvelopeSchema } from './activity-envelope.js';
import { SERVER_TEXT } from '../i18n/server.js';

export interface HttpServerOptions {
  logger: Logger;
  /**
   * Local mode: only requests whose Host is a loopback name (127.0.0.1, localhost, [::1]) are served, so a web
   * page elsewhere cannot reach the app through DNS rebinding (its own name resolving to 127.0.0.1).
   */
  loopbackHostsOnly?: boolean;
  handleMessages(req: unknown, res: unknown): Promise<void>;
  requireAuth: boolean;
  checkHealth(): Promise<Record<string, string>>;
  /** Serves a download behind a signed link: the status, and the document when the link holds. */
  download?(file: string, query: Record<string, unknown>): Promise<Download>;
  /** Further routes (the tabs and their API). */
  routes?(server: restify.Server): void;
}

export type Download =
  | { status: 200; body: string; contentType: string; fileName: string }
  | { status: 400 | 403 | 404 | 410; message: string };

export interface HttpServer {
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting requests and waits (up to timeoutMs) for those in flight. */
  drain(timeoutMs: number): Promise<void>;
}

const MAX_BODY_BYTES = 512 * 1024;

/**
 * Deeper JSON than any activity has (Teams' own nest a card a dozen levels): refused before anything walks it,
 * since a recursive walk of a few thousand levels (a serializer, a validator) overflows the stack.
 */
const MAX_JSON_DEPTH = 64;

/** How deeply the JSON text nests arrays and objects (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Whether a parsed JSON value holds a NUL character in any string or key (Postgres text cannot store one). */
export function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}

/**
 * Reads a JSON body of at most maxBytes into req.body: 413 when it is larger, 415 when it is not JSON, 400
 * when it does not parse. (restify's bodyParser calls the deprecated Buffer() on every request, and Node
 * inspects the stack of each such call, for the first 10,000: a fiftieth of a turn's time.)
 */
function jsonBody(maxBytes: number, logger: Logger): restify.RequestHandler {
  return (req, res, next) => {
    const refuse = (status: number, error: string, message: string) => {
      logger.warn({ status, path: req.path() }, 'request refused');
      res.header('connection', 'close');
      res.send(status, { error, message });
      next(false);
    };
    const type = req.header('content-type') ?? '';
    if (!/^application\/json\s*(;|$)/i.test(type))
      return refuse(415, 'UnsupportedMediaType', 'The body must be JSON (application/json).');
    if (Number(req.header('content-length')) > maxBytes)
      return refuse(413, 'PayloadTooLarge', `The body is larger than ${maxBytes} bytes.`);
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        settled = true;
        return refuse(413, 'PayloadTooLarge', `The body is larger than ${maxBytes} bytes.`);
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      const text = Buffer.concat(chunks, size).toString('utf8');
      if (jsonDepth(text) > MAX_JSON_DEPTH)
        return refuse(400, 'BadRequest', `The body nests deeper than ${MAX_JSON_DEPTH} levels.`);
      try {
        req.body = JSON.parse(text) as unknown;
      } catch {
        return refuse(400, 'BadRequest', 'The body is not valid JSON.');
      }
      // A NUL can only arrive escaped; look closer only when the text has one.
      if (text.includes('\\u0000') && hasNul(req.body))
        return refuse(400, 'BadRequest', 'The body holds a NUL character, which no field may contain.');
      next();
    });
    req.on('error', (err) => {
      if (settled) return;
      settled = true;
      next(err);
    });
  };
}

/** A Host header naming this machine's loopback interface (any port). */
export function isLoopbackHost(host: string | undefined): boolean {
  const name = (host ?? '').trim().toLowerCase().replace(/:\d+$/, '');
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

export function createHttpServer(o: HttpServerOptions): HttpServer {
  const server = restify.createServer({ name: 'missionsklynger', handleUncaughtExceptions: false });
  let inFlight = 0;
  let idle: (() => void) | undefined;
  if (o.loopbackHostsOnly) {
    server.pre((req, res, next) => {
      if (isLoopbackHost(req.headers.host)) return next();
      o.logger.warn(
        { host: String(req.headers.host ?? '').slice(0, 100), path: req.path() },
        'request refused: not a loopback host name (local mode)',
      );
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(`${SERVER_TEXT.loopbackOnly}\n`);
      return next(false);
    });
  }
  server.pre((req, res, next) => {
    // Server-Timing: how long the server spent on the request, from its headers to the answer's.
    const started = performance.now();
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: unknown[]) {
      if (!this.headersSent) this.setHeader('server-timing', `app;dur=${(performance.now() - started).toFixed(1)}`);
      return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
    };
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    return next();
  });
  // In production the adapter validates the Bot Framework token; a request without one is refused before any parsing.
  const requireBearer: restify.RequestHandler = (req, res, next) => {
    if (o.requireAuth && !/^Bearer\s+\S+/i.test(req.header('authorization') ?? '')) {
      res.send(401, { error: 'Unauthorized', message: 'A Bot Framework token is required.' });
      return next(false);
    }
    return next();
  };
  server.post(
    '/api/messages',
    requireBearer,
    jsonBody(MAX_BODY_BYTES, o.logger),
    async (req: restify.Request, res: restify.Response) => {
      const envelope = ActivityEnvelopeSchema.safeParse(req.body);
      if (!envelope.success) {
        res.send(400, {
          error: 'BadRequest',
          message: 'The body is not a Bot Framework activity.',
          issues: envelope.error.issues.map((i) => i.path.join('.')).slice(0, 5),
        });
        return;
      }
      await o.handleMessages(req, res);
    },
  );
  server.get('/healthz', async (_req, res) => {
    try {
      const checks = await o.checkHealth();
      res.send(200, { status: 'ok', app: 'missionsklynger', ...checks });
    } catch (err) {
      o.logger.warn({ err }, 'health check failed');
      res.send(503, { status: 'unavailable', database: 'unreachable' });
    }
  });
  // The privacy statement and terms of use the app manifest links to (developer.privacyUrl, termsOfUseUrl).
  for (const page of ['privacy', 'terms'] as const) {
    server.get(`/${page}`, async (req: restify.Request, res: restify.Response) => {
      const lang = legalLanguage(req.getQuery(), req.header('accept-language'));
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-language': lang,
        'cache-control': 'public, max-age=3600',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(renderLegalPage(page, lang));
    });
  }
  if (o.download) {
    const download = o.download;
    server.get(
      '/downloads/:file',
      restify.plugins.queryParser({ mapParams: false }),
      async (req: restify.Request, res: restify.Response) => {
        const { file } = req.params as Record<string, unknown>;
        const query = (req.query ?? {}) as Record<string, unknown>;
        const result = await download(typeof file === 'string' ? file : '', query);
        const common = {
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        };
        if (result.status !== 200) {
          res.writeHead(result.status, { ...common, 'content-type': 'text/plain; charset=utf-8' });
          res.end(`${result.message}\n`);
          return;
        }
        res.writeHead(200, {
          ...common,
          'content-type': result.contentType,
          'content-disposition': `attachment; filename="${result.fileName}"`,
          // The document is read, never run: no scripts, no requests, only its own inline style.
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        });
        res.end(result.body);
      },
    );
  }
  o.routes?.(server);
  server.on(
    'restifyError',
    (req: restify.Request, _res: restify.Response, err: { statusCode?: number; code?: string }, cb: () => void) => {
      o.logger.warn({ status: err.statusCode, path: req.path(), code: err.code }, 'request refused');
      return cb();
    },
  );
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const addr = server.address();
          resolve(`http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`);
        });
      }),
    async drain(timeoutMs) {
      server.server.close();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
          setTimeout(resolve, timeoutMs).unref();
        });
      }
      server.server.closeAllConnections?.();
    },
  };
}
