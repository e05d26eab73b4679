import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface StandInChannel {
  id: string;
  teamId: string;
  displayName: string;
  description: string;
  membershipType: 'private' | 'standard';
  webUrl: string;
  members: { id: string; userId: string; roles: string[] }[];
}

export interface StandInEvent {
  id: string;
  organizerId: string;
  transactionId: string | null;
  subject: string;
  body: string;
  start: string;
  end: string;
  attendees: string[];
  isOnlineMeeting: boolean;
  joinUrl: string;
  cancelled: boolean;
}

/** A free/busy item as a test sets it: UTC instants and Graph's status words. */
export interface StandInBusy {
  start: Date;
  end: Date;
  status: 'Free' | 'Tentative' | 'Busy' | 'Oof' | 'WorkingElsewhere' | 'Unknown';
}

/**
 * What goes wrong with the next matching request:
 * - status: answer with that status (and headers) instead of doing the work;
 * - timeout: never answer (the client must give up);
 * - lost: do the work, then drop the connection, as when the answer is lost on the way back.
 */
export type GraphFault = { match?: RegExp; method?: string } & ({ status: number; headers?: Record<string, string>; code?: string } | { timeout: true } | { lost: true });

export interface GraphCall {
  method: string;
  path: string;
  teamId?: string;
  at: number;
  status: number;
}

/**
 * A local stand-in for the part of Microsoft Graph the app uses (teams/{id}/channels and channel members),
 * speaking Graph's JSON and error shapes, with injectable faults.
 */
export class GraphStandIn {
  readonly channels: StandInChannel[] = [];
  readonly events: StandInEvent[] = [];
  /** Free/busy per mailbox (lower-case address). */
  readonly schedules = new Map<string, StandInBusy[]>();
  readonly calls: GraphCall[] = [];
  private faults: GraphFault[] = [];
  private sockets = new Set<import('node:net').Socket>();
  private server = http.createServer((req, res) => void this.onRequest(req, res));
  /** Holds every request this long before doing the work, like a busy Graph. */
  delayMs = 0;
  /** Holds every answer this long after doing the work: a crash in that window loses the answer. */
  answerDelayMs = 0;
  url = '';

  async start(): Promise<this> {
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1.0`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  fail(...faults: GraphFault[]): void {
    this.faults.push(...faults);
  }

  pendingFaults(): number {
    return this.faults.length;
  }

  /** Names Teams still holds for deleted channels: creating one answers "name exists", listing shows nothing. */
  readonly reservedNames = new Set<string>();

  /** A channel someone created by hand in Teams (not by the app). */
  addForeignChannel(teamId: string, displayName: string): StandInChannel {
    const c = this.newChannel(teamId, displayName, 'Oprettet i hånden', 'standard');
    return c;
  }

  channelsIn(teamId: string): StandInChannel[] {
    return this.channels.filter((c) => c.teamId === teamId);
  }

  /** The most requests to one team inside any one-second window. */
  maxPerSecond(teamId: string): number {
    const times = this.calls.filter((c) => c.teamId === teamId).map((c) => c.at).sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 1000) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  private newChannel(teamId: string, displayName: string, description: string, membershipType: 'private' | 'standard'): StandInChannel {
    const id = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;
    const c: StandInChannel = {
      id,
      teamId,
      displayName,
      description,
      membershipType,
      webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(id)}/${encodeURIComponent(displayName)}?groupId=${teamId}`,
      members: [],
    };
    this.channels.push(c);
    return c;
  }

  private takeFault(method: string, path: string): GraphFault | undefined {
    const i = this.faults.findIndex((f) => (!f.method || f.method === method) && (!f.match || f.match.test(path)));
    return i >= 0 ? this.faults.splice(i, 1)[0] : undefined;
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    const teamId = /^\/v1\.0\/teams\/([^/]+)/.exec(path)?.[1];
    const call: GraphCall = { method, path, teamId, at: Date.now(), status: 0 };
    this.calls.push(call);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const fault = this.takeFault(method, path);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (fault && 'timeout' in fault) return; // never answers
    if (fault && 'status' in fault) {
      return send(fault.status, { error: { code: fault.code ?? 'Fault', message: `Injected ${fault.status}` } }, fault.headers);
    }
    const result = this.route(method, path, url, raw ? JSON.parse(raw) : undefined);
    if (fault && 'lost' in fault) {
      call.status = -1;
      req.socket.destroy(); // the work is done, the answer never arrives
      return;
    }
    if (this.answerDelayMs) await new Promise((r) => setTimeout(r, this.answerDelayMs));
    if (!res.destroyed) send(result.status, result.body);
  }

  private route(method: string, path: string, url: URL, body: any): { status: number; body?: unknown } {
    const err = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });
    let m = /^\/v1\.0\/teams\/([^/]+)\/channels$/.exec(path);
    if (m && method === 'GET') {
      const filter = /displayName eq '((?:[^']|'')*)'/.exec(url.searchParams.get('$filter') ?? '')?.[1]?.replace(/''/g, "'");
      const value = this.channelsIn(m[1]).filter((c) => filter === undefined || c.displayName.toLowerCase() === filter.toLowerCase()).map(publicChannel);
      return { status: 200, body: { value } };
    }
    if (m && method === 'POST') {
      const name = String(body?.displayName ?? '');
      if (!name || name.length > 50) return err(400, 'BadRequest', 'displayName must be 1 to 50 characters');
      if (this.reservedNames.has(name.toLowerCase()) || this.channelsIn(m[1]).some((c) => c.displayName.toLowerCase() === name.toLowerCase())) {
        return err(400, 'NameAlreadyExists', 'Channel name already existed, please use other name.');
      }
      const c = this.newChannel(m[1], name, String(body?.description ?? ''), body?.membershipType === 'private' ? 'private' : 'standard');
      for (const member of body?.members ?? []) c.members.push({ id: randomUUID(), userId: userIdOf(member), roles: member.roles ?? [] });
      return { status: 201, body: publicChannel(c) };
    }
    m = /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/members(?:\/([^/]+))?$/.exec(path);
    if (m) {
      const channel = this.channels.find((c) => c.teamId === m![1] && c.id === m![2]);
      if (!channel) return err(404, 'NotFound', 'Channel not found');
      const memberId = m[3];
      if (!memberId && method === 'GET') {
        return { status: 200, body: { value: channel.members.map((x) => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', id: x.id, userId: x.userId, roles: x.roles })) } };
      }
      if (!memberId && method === 'POST') {
        const userId = userIdOf(body);
        if (channel.members.some((x) => x.userId === userId)) return err(409, 'Conflict', 'User is already a member');
        const member = { id: randomUUID(), userId, roles: body?.roles ?? [] };
        channel.members.push(member);
        return { status: 201, body: { id: member.id, userId, roles: member.roles } };
      }
      const member = channel.members.find((x) => x.id === memberId);
      if (!member) return err(404, 'NotFound', 'Member not found');
      if (method === 'PATCH') {
        member.roles = body?.roles ?? [];
        return { status: 200, body: { id: member.id, userId: member.userId, roles: member.roles } };
      }
      if (method === 'DELETE') {
        channel.members.splice(channel.members.indexOf(member), 1);
        return { status: 204 };
      }
    }
    return this.calendarRoute(method, path, body) ?? err(404, 'NotFound', `No route for ${method} ${path}`);
  }

  /** users/{id}/calendar/getSchedule and users/{id}/events (create with transactionId, update, cancel). */
  private calendarRoute(method: string, path: string, body: any): { status: number; body?: unknown } | undefined {
    const err = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });
    const graphTime = (d: Date) => ({ dateTime: d.toISOString().replace('Z', '0000'), timeZone: 'UTC' });
    const readTime = (t: any) => {
      const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(String(t?.dateTime ?? ''));
      return m ? new Date(`${m[1]}${m[2] ? m[2].slice(0, 4) : ''}Z`).toISOString() : 'invalid';
    };
    if (/^\/v1\.0\/users\/[^/]+\/calendar\/getSchedule$/.test(path) && method === 'POST') {
      const from = new Date(readTime(body?.startTime)).getTime();
      const to = new Date(readTime(body?.endTime)).getTime();
      const value = (body?.schedules ?? []).map((address: string) => ({
        scheduleId: address,
        availabilityView: '',
        scheduleItems: (this.schedules.get(address.toLowerCase()) ?? [])
          .filter((b) => b.start.getTime() < to && b.end.getTime() > from)
          .map((b) => ({ isPrivate: false, status: b.status, subject: 'Optaget', start: graphTime(b.start), end: graphTime(b.end) })),
      }));
      return { status: 200, body: { value } };
    }
    let m = /^\/v1\.0\/users\/([^/]+)\/events$/.exec(path);
    if (m && method === 'POST') {
      const organizerId = m[1];
      const transactionId = body?.transactionId ?? null;
      const existing = transactionId && this.events.find((e) => e.organizerId === organizerId && e.transactionId === transactionId);
      if (existing) return { status: 201, body: publicEvent(existing) };
      const id = `AAMk${randomUUID().replace(/-/g, '')}`;
      const e: StandInEvent = {
        id,
        organizerId,
        transactionId,
        subject: String(body?.subject ?? ''),
        body: String(body?.body?.content ?? ''),
        start: readTime(body?.start),
        end: readTime(body?.end),
        attendees: (body?.attendees ?? []).map((a: any) => String(a?.emailAddress?.address ?? '')),
        isOnlineMeeting: body?.isOnlineMeeting === true && body?.onlineMeetingProvider === 'teamsForBusiness',
        joinUrl: `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${id}%40thread.v2/0`,
        cancelled: false,
      };
      this.events.push(e);
      return { status: 201, body: publicEvent(e) };
    }
    m = /^\/v1\.0\/users\/([^/]+)\/events\/([^/]+)(\/cancel)?$/.exec(path);
    if (m) {
      const e = this.events.find((x) => x.organizerId === m![1] && x.id === m![2] && !x.cancelled);
      if (!e) return err(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      if (m[3] && method === 'POST') {
        e.cancelled = true;
        return { status: 202 };
      }
      if (!m[3] && method === 'PATCH') {
        if (body?.subject) e.subject = String(body.subject);
        if (body?.body?.content) e.body = String(body.body.content);
        if (body?.start) e.start = readTime(body.start);
        if (body?.end) e.end = readTime(body.end);
        if (body?.attendees) e.attendees = body.attendees.map((a: any) => String(a?.emailAddress?.address ?? ''));
        return { status: 200, body: publicEvent(e) };
      }
    }
    return undefined;
  }
}

function publicEvent(e: StandInEvent) {
  return {
    id: e.id,
    subject: e.subject,
    start: { dateTime: e.start.replace('Z', ''), timeZone: 'UTC' },
    end: { dateTime: e.end.replace('Z', ''), timeZone: 'UTC' },
    isOnlineMeeting: e.isOnlineMeeting,
    onlineMeeting: e.isOnlineMeeting ? { joinUrl: e.joinUrl } : null,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(e.id)}&exvsurl=1&path=/calendar/item`,
    transactionId: e.transactionId,
  };
}

function userIdOf(member: any): string {
  return /users\('([^']+)'\)/.exec(String(member?.['user@odata.bind'] ?? ''))?.[1] ?? '';
}

function publicChannel(c: StandInChannel) {
  return { id: c.id, displayName: c.displayName, description: c.description, membershipType: c.membershipType, webUrl: c.webUrl };
}
