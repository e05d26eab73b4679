import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  replyToId?: string;
  activity: any;
  headers: http.IncomingHttpHeaders;
  at: number;
}

export interface Window {
  windowMs: number;
  max: number;
}

/** Teams' send limits as the real service applies them, plus random throttling. */
export interface Limits {
  perConversation: Window[];
  perApp?: Window;
  /** Share of otherwise acceptable sends answered 429 anyway (0.05 = 5 %). */
  random429?: number;
  retryAfterSeconds?: number;
}

export const MESSAGE_LIMIT_BYTES = 100 * 1024;

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A local stand-in for the Bot Connector service (what Teams' serviceUrl points at). It speaks the v3
 * REST shape botbuilder uses: replies, new messages, updates; and it can answer with injected faults.
 */
export class ConnectorStandIn {
  readonly calls: RecordedCall[] = [];
  /** Every request that reached the service, answered or refused. */
  received = 0;
  private faults: Fault[] = [];
  private server = http.createServer((req, res) => this.onRequest(req, res));
  private nextId = 1_795_000_000_000;
  /** Holds every answer this long, like a slow Teams service. */
  delayMs = 0;
  /**
   * Whether the bot is in a conversation's roster (usually GraphStandIn.botMayPost): a bot cannot post in a
   * private channel, nor in a shared channel the app was not added to (msteams-docs bots-conv-channel,
   * build-apps-for-shared-private-channels). Teams answers 403 BotNotInConversationRoster.
   */
  roster?: (conversationId: string) => boolean;
  /** Members per conversation id, as the members API answers them. */
  readonly members = new Map<string, { id: string; name: string; aadObjectId: string }[]>();
  /** When set, only sends with `Authorization: Bearer <one of these>` are taken; others get 401. */
  acceptedTokens?: Set<string>;
  /** When set, sends over Teams' limits (and a random share) get 429 with Retry-After. */
  limits?: Limits;
  /** Sends refused with 429 because of the limits, and of those, the random ones. */
  throttled = { overLimit: 0, random: 0 };
  private acceptedAt = new Map<string, number[]>();
  private appAcceptedAt: number[] = [];
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/connector`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** The next sends get these answers, in order, before normal service resumes. */
  failNext(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  clear(): void {
    this.calls.length = 0;
    this.received = 0;
    this.faults.length = 0;
  }

  /** Messages (not typing) the bot sent to one conversation. */
  messagesTo(conversationId: string): RecordedCall[] {
    return this.calls.filter((c) => c.conversationId === conversationId && c.activity?.type === 'message');
  }

  cards(conversationId: string): any[] {
    return this.messagesTo(conversationId).flatMap((c) => (c.activity.attachments ?? []).map((a: any) => a.content));
  }

  async waitFor(predicate: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      // GET /v3/conversations/{id}/members/{memberId} (TeamsInfo.getMember; msteams-docs get-teams-context):
      // the member with their Entra object id, or 404 when they are not in the conversation.
      const member = /\/v3\/conversations\/([^/]+)\/members\/([^/?]+)$/.exec(req.url ?? '');
      if (member && req.method === 'GET') {
        const found = this.members
          .get(decodeURIComponent(member[1]))
          ?.find((m) => m.id === decodeURIComponent(member[2]));
        return found
          ? this.reply(res, 200, found)
          : this.reply(res, 404, {
              error: { code: 'MemberNotFoundInConversation', message: 'The member was not found in the conversation.' },
            });
      }
      const match = /\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (!match) return this.reply(res, 404, { error: { code: 'NotFound' } });
      this.received++;
      if (this.acceptedTokens && !this.acceptedTokens.has(req.headers.authorization?.replace(/^Bearer /, '') ?? '')) {
        // The Bot Connector refuses a send without the bot's token for https://api.botframework.com.
        return this.reply(res, 401, { message: 'Authorization has been denied for this request.' });
      }
      const fault = this.faults.shift();
      if (fault) return this.reply(res, fault.status, fault.body ?? { error: { code: 'Fault' } }, fault.headers);
      const activity = body ? JSON.parse(body) : undefined;
      const conversationId = decodeURIComponent(match[1]);
      if (activity?.type === 'message' && this.roster && !this.roster(conversationId)) {
        return this.reply(res, 403, {
          error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
        });
      }
      // The bot message size limit is about 100 KB, counted in UTF-16 (msteams-docs format-your-bot-messages).
      if (activity?.type === 'message' && Buffer.byteLength(body, 'utf16le') > MESSAGE_LIMIT_BYTES) {
        return this.reply(res, 413, { error: { code: 'MessageSizeTooBig', message: 'Message size too big.' } });
      }
      if (this.limits && activity?.type === 'message' && this.overLimit(conversationId)) {
        return this.reply(
          res,
          429,
          { error: { code: 'Throttled' } },
          { 'retry-after': String(this.limits.retryAfterSeconds ?? 1) },
        );
      }
      const replyToId = match[2] ? decodeURIComponent(match[2]) : undefined;
      this.calls.push({
        method: req.method ?? '',
        path: req.url ?? '',
        conversationId,
        replyToId,
        activity,
        headers: req.headers,
        at: Date.now(),
      });
      const answer = () => {
        if (req.method === 'PUT') return this.reply(res, 200, { id: replyToId });
        this.reply(res, activity?.type === 'typing' ? 202 : 201, { id: String(this.nextId++) });
      };
      if (this.delayMs > 0) setTimeout(answer, this.delayMs);
      else answer();
    });
  }

  /** True (and counted) when this send must be refused; otherwise it is recorded as accepted. */
  /** Arrival time of every send while limits are on, accepted or not (for diagnosing bursts). */
  readonly arrivals: number[] = [];

  private overLimit(conversationId: string): boolean {
    const l = this.limits!;
    const now = Date.now();
    this.arrivals.push(now);
    if (l.random429 && Math.random() < l.random429) {
      this.throttled.random++;
      return true;
    }
    const mine = this.acceptedAt.get(conversationId) ?? [];
    const within = (times: number[], w: Window) => times.filter((t) => t > now - w.windowMs).length >= w.max;
    if (l.perConversation.some((w) => within(mine, w)) || (l.perApp && within(this.appAcceptedAt, l.perApp))) {
      this.throttled.overLimit++;
      return true;
    }
    mine.push(now);
    this.acceptedAt.set(conversationId, mine);
    this.appAcceptedAt.push(now);
    if (this.appAcceptedAt.length > 5000) this.appAcceptedAt.splice(0, 2500);
    return false;
  }

  private reply(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}
