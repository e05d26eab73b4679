import http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import type { Activity, ResourceResponse } from 'botbuilder';
import { soonAgain, type Refusal } from '../jobs/send-retry.js';
import { connectorClientParts, signHeaders, type ReplyMethods, type RequestSigner } from './botbuilder-internals.js';

const TIMEOUT_MS = 15_000;
/** Socket errors where the request never reached the service (a reused keep-alive socket the far end had closed). */
const NOT_SENT = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE']);

const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/** A refused or failed reply, shaped as botbuilder's RestError so callers read status and Retry-After alike. */
export class ReplyError extends Error {
  readonly statusCode?: number;
  readonly code?: string;
  readonly response?: { status: number; headers: { get(name: string): string | undefined } };

  constructor(message: string, status?: number, headers?: http.IncomingHttpHeaders, code?: string) {
    super(message);
    this.name = 'ReplyError';
    this.statusCode = status;
    this.code = code;
    if (status !== undefined) this.response = { status, headers: { get: (name) => headerOf(headers, name) } };
  }
}

const headerOf = (headers: http.IncomingHttpHeaders | undefined, name: string) => {
  const v = headers?.[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Replies through plain Node HTTP instead of the connector client's pipeline (a dozen policies, a
 * mapper-driven serializer and a compatibility layer: an eighth of a turn's CPU for one POST). The wire
 * request is the same: path, JSON body, the conversation header, the bearer token from botbuilder's own
 * credentials. Retries follow Teams' advice as the proactive sends do (412/429/502/503/504, Retry-After
 * honoured, short waits only). Only the three answering methods change; everything else on the client
 * (members, paging, attachments) keeps botbuilder's implementation. Not for use behind an outbound
 * proxy: the pipeline is what honours HTTPS_PROXY (adapter.ts leaves the client alone then).
 */
export function withLeanReplies<T>(client: T): T {
  const c = connectorClientParts(client);
  if (!c) return client;
  const base = new URL(c.baseUri.endsWith('/') ? c.baseUri : `${c.baseUri}/`);
  if (!(base.protocol in agents)) return client;
  const send = (method: 'POST' | 'PUT', path: string, activity: Partial<Activity>, conversationId?: string) =>
    request(base, c.credentials, method, path, JSON.stringify(activity), conversationId);
  const id = encodeURIComponent;
  const lean: ReplyMethods = Object.assign(Object.create(c.conversations) as ReplyMethods, {
    replyToActivity: (conversationId: string, activityId: string, activity: Partial<Activity>) =>
      send('POST', `v3/conversations/${id(conversationId)}/activities/${id(activityId)}`, activity, conversationId),
    sendToConversation: (conversationId: string, activity: Partial<Activity>) =>
      send('POST', `v3/conversations/${id(conversationId)}/activities`, activity),
    updateActivity: (conversationId: string, activityId: string, activity: Partial<Activity>) =>
      send('PUT', `v3/conversations/${id(conversationId)}/activities/${id(activityId)}`, activity),
  });
  c.conversations = lean;
  return client;
}

async function request(
  base: URL,
  signer: RequestSigner | undefined,
  method: string,
  path: string,
  body: string,
  conversationId?: string,
): Promise<ResourceResponse> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'missionsklynger botframework-connector',
    'x-ms-client-request-id': randomUUID(),
  };
  if (conversationId !== undefined) headers['x-ms-conversation-id'] = conversationId;
  await signHeaders(signer, headers);
  const url = new URL(path, base);
  return soonAgain(() => once(url, method, headers, body), refusal);
}

/** A failed reply as the retry rule reads it: the connector's answer, or a request that never left. */
function refusal(err: unknown): Refusal | undefined {
  if (!(err instanceof ReplyError)) return undefined;
  if (err.statusCode !== undefined)
    return { status: err.statusCode, retryAfter: err.response?.headers.get('retry-after') };
  return NOT_SENT.has(err.code ?? '') ? { notSent: true } : undefined;
}

function once(url: URL, method: string, headers: Record<string, string>, body: string): Promise<ResourceResponse> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(
      url,
      {
        method,
        agent: agents[url.protocol as keyof typeof agents],
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) =>
          reject(new ReplyError(err.message, undefined, undefined, (err as NodeJS.ErrnoException).code)),
        );
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : {};
          } catch {
            parsed = undefined;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve((parsed ?? {}) as ResourceResponse);
          const code = (parsed as { error?: { code?: unknown } } | undefined)?.error?.code;
          reject(
            new ReplyError(
              `The Bot Connector answered ${status}${typeof code === 'string' ? ` (${code})` : ''}`,
              status,
              res.headers,
              typeof code === 'string' ? code : undefined,
            ),
          );
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(
        Object.assign(new Error(`no answer from the Bot Connector in ${TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' }),
      ),
    );
    req.on('error', (err) =>
      reject(new ReplyError(err.message, undefined, undefined, (err as NodeJS.ErrnoException).code)),
    );
    req.end(body);
  });
}
