import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { checkRequest, recordRequest } from './graph-contract.js';

export interface StandInChannel {
  id: string;
  teamId: string;
  displayName: string;
  description: string;
  membershipType: 'private' | 'standard' | 'shared';
  webUrl: string;
  /** Direct members (private and shared channels; a standard channel's members are its team's). */
  members: { id: string; userId: string; roles: string[] }[];
  /** Apps added to the channel (shared channels), by app catalogue id. */
  enabledApps: Set<string>;
  deletedAt?: number;
}

/** A team as an administrator prepared it: its members, and whether the app is installed in it. */
export interface StandInTeam {
  id: string;
  members: { id: string; userId: string; roles: string[] }[];
  appInstalled: boolean;
}

/**
 * Limits Teams keeps (Teams "Limits and specifications": 1,000 channels per team and 30 private ones,
 * both counting deleted channels for 30 days; 5,000 direct members in a shared channel). Tests lower them.
 */
export interface StandInLimits {
  channelsPerTeam: number;
  privateChannelsPerTeam: number;
  sharedChannelMembers: number;
  /** Members per page of a member list, as Graph pages them. */
  pageSize: number;
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
  /** Every PATCH the event took, as sent: a test reads what a move changed. */
  patches: Record<string, unknown>[];
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
export type GraphFault = { match?: RegExp; method?: string } & (
  { status: number; headers?: Record<string, string>; code?: string } | { timeout: true } | { lost: true }
);

export interface GraphCall {
  method: string;
  path: string;
  teamId?: string;
  at: number;
  status: number;
}

/**
 * A local stand-in for the part of Microsoft Graph the app uses (teams, their members and channels,
 * channel members, calendars), speaking Graph's JSON and error shapes, with injectable faults. It keeps
 * the platform's rules, each with the page it comes from: a request Graph would refuse is refused here.
 */
export class GraphStandIn {
  readonly channels: StandInChannel[] = [];
  readonly events: StandInEvent[] = [];
  /** Free/busy per mailbox (lower-case address). */
  readonly schedules = new Map<string, StandInBusy[]>();
  readonly calls: GraphCall[] = [];
  /** Requests that are no operation of Microsoft Graph v1.0, or none the app declares (GRAPH_OPERATIONS). */
  readonly contractProblems: string[] = [];
  readonly teams = new Map<string, StandInTeam>();
  /** Accounts Graph answers 404 for when they are added (team-post-members: disabled or blocked users). */
  readonly disabledUsers = new Set<string>();
  /** Apps in the tenant's app catalogue (channel-post-enabledapps takes a catalogue id). */
  readonly catalogApps = new Set<string>();
  /** The tenant granted TeamsAppInstallation.ManageSelectedForTeam.All for the app: enabledApps works. */
  appManagementGranted = true;
  limits: StandInLimits = {
    channelsPerTeam: 1000,
    privateChannelsPerTeam: 30,
    sharedChannelMembers: 5000,
    pageSize: 100,
  };
  private faults: GraphFault[] = [];
  private sockets = new Set<import('node:net').Socket>();
  private server: http.Server;
  /**
   * When set, only requests with `Authorization: Bearer <one of these>` are served; others get Graph's 401
   * InvalidAuthenticationToken (a token for another resource or app is as good as none).
   */
  acceptedTokens?: Set<string>;
  /** Holds every request this long before doing the work, like a busy Graph. */
  delayMs = 0;
  /** Holds every answer this long after doing the work: a crash in that window loses the answer. */
  answerDelayMs = 0;
  url = '';

  /** Over https with `tls` (a certificate the app trusts through NODE_EXTRA_CA_CERTS), as Graph is. */
  constructor(private readonly tls?: { key: string; cert: string }) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.onRequest(req, res);
    this.server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  }

  async start(): Promise<this> {
    this.server.on(this.tls ? 'secureConnection' : 'connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1.0`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  fail(...faults: GraphFault[]): void {
    this.faults.push(...faults);
  }

  private gates: { method?: string; match: RegExp; skip: number; waiting: (() => void)[]; open: boolean }[] = [];

  /**
   * Holds matching requests (after the first `skip` of them) unanswered until released, so a test can change
   * things in the app while a retry waits at Graph's door.
   */
  hold(g: { method?: string; match: RegExp; skip?: number }): { held(): number; release(): void } {
    const gate = { method: g.method, match: g.match, skip: g.skip ?? 0, waiting: [] as (() => void)[], open: false };
    this.gates.push(gate);
    return {
      held: () => gate.waiting.length,
      release: () => {
        gate.open = true;
        gate.waiting.splice(0).forEach((go) => go());
      },
    };
  }

  private async passGates(method: string, path: string): Promise<void> {
    for (const g of this.gates) {
      if (g.open || (g.method && g.method !== method) || !g.match.test(path)) continue;
      if (g.skip > 0) {
        g.skip--;
        continue;
      }
      await new Promise<void>((go) => g.waiting.push(go));
    }
  }

  pendingFaults(): number {
    return this.faults.length;
  }

  /** Names Teams still holds for deleted channels: creating one answers "name exists", listing shows nothing. */
  readonly reservedNames = new Set<string>();

  /** A team an administrator prepared, with the app installed in it unless said otherwise. */
  prepareTeam(
    teamId: string,
    people: { owners?: string[]; members?: string[]; appInstalled?: boolean } = {},
  ): StandInTeam {
    const team: StandInTeam = {
      id: teamId,
      members: [
        ...(people.owners ?? []).map((userId) => ({ id: randomUUID(), userId, roles: ['owner'] })),
        ...(people.members ?? []).map((userId) => ({ id: randomUUID(), userId, roles: [] })),
      ],
      appInstalled: people.appInstalled ?? true,
    };
    this.teams.set(teamId, team);
    return team;
  }

  teamMemberIds(teamId: string): string[] {
    return (this.teams.get(teamId)?.members ?? []).map((m) => m.userId).sort();
  }

  /** Someone removes a person from the team (or a shared channel) directly in Teams. */
  removeInTeams(teamId: string, userId: string, channelId?: string): void {
    const list = channelId ? this.channels.find((c) => c.id === channelId)?.members : this.teams.get(teamId)?.members;
    const i = list?.findIndex((m) => m.userId === userId) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  /** Who can see a channel: a standard channel's team, or a private or shared channel's direct members. */
  canSee(channelId: string, userId: string): boolean {
    const c = this.channels.find((x) => x.id === channelId && !x.deletedAt);
    if (!c) return false;
    const list = c.membershipType === 'standard' ? (this.teams.get(c.teamId)?.members ?? []) : c.members;
    return list.some((m) => m.userId === userId);
  }

  /**
   * Whether the bot may post into a conversation, for the connector stand-in. A bot cannot post in a
   * private channel (msteams-docs bots-conv-channel); an app installed in the team is in its standard
   * channels, but in a shared channel only once added to it (build-apps-for-shared-private-channels).
   * Conversations that are not channels of a known team are none of Graph's business here.
   */
  botMayPost(conversationId: string, catalogAppId?: string): boolean {
    const c = this.channels.find((x) => x.id === conversationId);
    if (!c) return true;
    if (c.deletedAt || c.membershipType === 'private') return false;
    if (!this.teams.get(c.teamId)?.appInstalled) return false;
    return c.membershipType === 'standard' || (catalogAppId ? c.enabledApps.has(catalogAppId) : c.enabledApps.size > 0);
  }

  /** A channel that exists already (the benchmark seeds its database with them). */
  adoptChannel(
    teamId: string,
    c: { id: string; displayName: string; membershipType: StandInChannel['membershipType'] },
  ): StandInChannel {
    const channel = this.newChannel(teamId, c.displayName, '', c.membershipType);
    channel.id = c.id;
    return channel;
  }

  /** A channel someone created by hand in Teams (not by the app). */
  addForeignChannel(teamId: string, displayName: string): StandInChannel {
    const c = this.newChannel(teamId, displayName, 'Oprettet i hånden', 'standard');
    return c;
  }

  /** A channel deleted in Teams: gone from lists, but it keeps its name and counts against the limits for 30 days. */
  deleteChannel(channelId: string): void {
    const c = this.channels.find((x) => x.id === channelId);
    if (c) c.deletedAt = Date.now();
  }

  channelsIn(teamId: string): StandInChannel[] {
    return this.channels.filter((c) => c.teamId === teamId && !c.deletedAt);
  }

  /**
   * The shortest gap between two member adds (POST /teams/{id}/members) to one team, in ms; Infinity with fewer
   * than two. team-post-members: "For best results, stagger calls with a 2 second buffer."
   */
  minMemberAddGapMs(teamId: string): number {
    const times = this.calls
      .filter((c) => c.teamId === teamId && c.method === 'POST' && /\/teams\/[^/]+\/members$/.test(c.path))
      .map((c) => c.at)
      .sort((a, b) => a - b);
    return times.slice(1).reduce((min, t, i) => Math.min(min, t - times[i]), Infinity);
  }

  /** The most requests to one team inside any one-second window. */
  maxPerSecond(teamId: string): number {
    const times = this.calls
      .filter((c) => c.teamId === teamId)
      .map((c) => c.at)
      .sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= 1000) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  private newChannel(
    teamId: string,
    displayName: string,
    description: string,
    membershipType: StandInChannel['membershipType'],
  ): StandInChannel {
    const id = `19:${randomUUID().replace(/-/g, '')}@thread.tacv2`;
    const c: StandInChannel = {
      id,
      teamId,
      displayName,
      description,
      membershipType,
      webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(id)}/${encodeURIComponent(displayName)}?groupId=${teamId}`,
      members: [],
      enabledApps: new Set(),
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
    await this.passGates(method, path);
    const fault = this.takeFault(method, path);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      // An answer without a body (202 Accepted, 204 No Content) has no content type, as Graph sends it.
      res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    // Every request is checked against Microsoft's own description of Graph (graph-contract.ts) and written to
    // the run's contract log, whose bodies jest's global teardown checks against the operation's type.
    const contract = checkRequest(method, url.pathname);
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    recordRequest({ method, path: url.pathname, ...contract, body: parsed });
    if (contract.problem) this.contractProblems.push(contract.problem);
    if (!contract.endpoint) {
      const segment = path.split('/').at(-1);
      return send(400, { error: { code: 'BadRequest', message: `Resource not found for the segment '${segment}'.` } });
    }
    if (this.acceptedTokens && !this.acceptedTokens.has(req.headers.authorization?.replace(/^Bearer /, '') ?? '')) {
      // Graph's answer to a missing, expired or foreign token (Microsoft Graph error responses).
      return send(401, {
        error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or not valid for this resource.' },
      });
    }
    if (fault && 'timeout' in fault) return; // never answers
    if (fault && 'status' in fault) {
      return send(
        fault.status,
        { error: { code: fault.code ?? 'Fault', message: `Injected ${fault.status}` } },
        fault.headers,
      );
    }
    const result = this.route(method, path, url, parsed);
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
    const member = (x: { id: string; userId: string; roles: string[] }, extra: Record<string, unknown> = {}) => ({
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      id: x.id,
      userId: x.userId,
      roles: x.roles,
      ...extra,
    });
    // Graph pages member lists; the app must follow @odata.nextLink.
    const page = (items: unknown[]) => {
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const value = items.slice(skip, skip + this.limits.pageSize);
      const next =
        skip + this.limits.pageSize < items.length
          ? `${this.url}${path.replace(/^\/v1\.0/, '')}?$skiptoken=${skip + this.limits.pageSize}`
          : undefined;
      return { status: 200, body: { value, ...(next ? { '@odata.nextLink': next } : {}) } };
    };
    let m = /^\/v1\.0\/teams\/([^/]+)\/channels$/.exec(path);
    if (m) {
      const team = this.teams.get(m[1]);
      if (!team) return err(404, 'NotFound', 'No team found with Group Id ' + m[1]);
      if (method === 'GET') {
        const filter = /displayName eq '((?:[^']|'')*)'/
          .exec(url.searchParams.get('$filter') ?? '')?.[1]
          ?.replace(/''/g, "'");
        const value = this.channelsIn(m[1])
          .filter((c) => filter === undefined || c.displayName.toLowerCase() === filter.toLowerCase())
          .map(publicChannel);
        return { status: 200, body: { value } };
      }
      if (method === 'POST') {
        const name = String(body?.displayName ?? '');
        const type = String(body?.membershipType ?? 'standard');
        const invalid = invalidChannelName(name);
        if (invalid) return err(400, 'BadRequest', `Invalid channel name: ${invalid}`);
        // Deleted channels keep their names and count against the limits for 30 days.
        const all = this.channels.filter((c) => c.teamId === team.id);
        if (
          this.reservedNames.has(name.toLowerCase()) ||
          all.some((c) => c.displayName.toLowerCase() === name.toLowerCase())
        ) {
          return err(400, 'NameAlreadyExists', 'Channel name already existed, please use other name.');
        }
        if (all.length >= this.limits.channelsPerTeam)
          return err(400, 'BadRequest', 'The team has reached the maximum number of channels.');
        if (
          type === 'private' &&
          all.filter((c) => c.membershipType === 'private').length >= this.limits.privateChannelsPerTeam
        ) {
          return err(400, 'BadRequest', 'The team has reached the maximum number of private channels.');
        }
        if (!['standard', 'private', 'shared'].includes(type))
          return err(400, 'BadRequest', `Unknown membershipType ${type}`);
        const members: any[] = body?.members ?? [];
        // channel-post: with application permissions a private or shared channel needs its owner in `members`.
        if (type !== 'standard' && !members.some((x) => (x.roles ?? []).includes('owner'))) {
          return err(
            400,
            'BadRequest',
            'A channel owner must be specified in members when creating a private or shared channel with application permissions.',
          );
        }
        if (type === 'standard' && members.length > 0)
          return err(400, 'BadRequest', 'Members cannot be specified for a standard channel.');
        // A private channel's members must already be members of the team (private-channels).
        if (type === 'private' && members.some((x) => !team.members.some((t) => t.userId === userIdOf(x)))) {
          return err(400, 'BadRequest', 'Private channel members must be members of the team.');
        }
        const c = this.newChannel(
          team.id,
          name,
          String(body?.description ?? ''),
          type as StandInChannel['membershipType'],
        );
        for (const x of members) c.members.push({ id: randomUUID(), userId: userIdOf(x), roles: x.roles ?? [] });
        return { status: 201, body: publicChannel(c) };
      }
    }
    m = /^\/v1\.0\/teams\/([^/]+)\/members(?:\/([^/]+))?$/.exec(path);
    if (m) {
      const team = this.teams.get(m[1]);
      if (!team) return err(404, 'NotFound', 'No team found with Group Id ' + m[1]);
      if (!m[2] && method === 'GET') return page(team.members.map((x) => member(x)));
      if (!m[2] && method === 'POST') {
        const userId = userIdOf(body);
        // The app holds TeamMember.ReadWriteNonOwnerRole.All: it may add members, never owners (team-post-members).
        if ((body?.roles ?? []).length > 0)
          return err(403, 'Forbidden', 'Insufficient privileges: the app may only add members without the owner role.');
        if (this.disabledUsers.has(userId)) return err(404, 'NotFound', 'The user is disabled or blocked.');
        if (team.members.some((x) => x.userId === userId))
          return err(409, 'Conflict', 'The user is already a member of the team.');
        const x = { id: randomUUID(), userId, roles: [] as string[] };
        team.members.push(x);
        return { status: 201, body: member(x) };
      }
      const x = team.members.find((y) => y.id === m![2]);
      if (!x) return err(404, 'NotFound', 'Member not found');
      if (method === 'DELETE') {
        if (x.roles.includes('owner'))
          return err(403, 'Forbidden', 'Insufficient privileges: the app may not remove owners.');
        team.members.splice(team.members.indexOf(x), 1);
        return { status: 204 };
      }
    }
    m = /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/(members|allMembers|enabledApps\/\$ref)(?:\/([^/]+))?$/.exec(
      path,
    );
    if (m) {
      const channel = this.channels.find((c) => c.teamId === m[1] && c.id === m[2] && !c.deletedAt);
      if (!channel) return err(404, 'NotFound', 'Channel not found');
      const team = this.teams.get(channel.teamId)!;
      if (m[3] === 'enabledApps/$ref' && method === 'POST') {
        // channel-post-enabledapps: only for shared channels, by app catalogue id, with the permission granted.
        if (channel.membershipType !== 'shared')
          return err(400, 'BadRequest', 'This operation is allowed only for shared channels.');
        if (!this.appManagementGranted)
          return err(
            403,
            'Forbidden',
            'Missing role permissions on the request: TeamsAppInstallation.ManageSelectedForTeam.All.',
          );
        const appId = /teamsApps\/([^/'"]+)/.exec(String(body?.['@odata.id'] ?? ''))?.[1] ?? '';
        if (!this.catalogApps.has(appId)) return err(404, 'NotFound', `App ${appId} was not found in the app catalog.`);
        channel.enabledApps.add(appId);
        return { status: 204 };
      }
      if (m[3] === 'allMembers' && method === 'GET') {
        // channel-list-allmembers: works for every channel type; a standard channel's are its team's.
        const list = channel.membershipType === 'standard' ? team.members : channel.members;
        return page(
          list.map((x) =>
            member(x, {
              '@microsoft.graph.originalSourceMembershipUrl': `${this.url}/teams/${channel.teamId}/channels/${encodeURIComponent(channel.id)}`,
            }),
          ),
        );
      }
      if (m[3] !== 'members') return err(404, 'NotFound', `No route for ${method} ${path}`);
      // channel-post-members: direct channel members exist only for private and shared channels.
      if (channel.membershipType === 'standard')
        return err(400, 'BadRequest', 'This operation is allowed only for private or shared channels.');
      const memberId = m[4];
      if (!memberId && method === 'GET') return page(channel.members.map((x) => member(x)));
      if (!memberId && method === 'POST') {
        const userId = userIdOf(body);
        if (this.disabledUsers.has(userId)) return err(404, 'NotFound', 'The user is disabled or blocked.');
        if (channel.membershipType === 'private' && !team.members.some((x) => x.userId === userId)) {
          return err(400, 'BadRequest', 'Private channel members must be members of the team.');
        }
        if (channel.members.some((x) => x.userId === userId)) return err(409, 'Conflict', 'User is already a member');
        if (channel.membershipType === 'shared' && channel.members.length >= this.limits.sharedChannelMembers) {
          return err(400, 'BadRequest', 'The channel has reached the maximum number of members.');
        }
        const x = { id: randomUUID(), userId, roles: body?.roles ?? [] };
        channel.members.push(x);
        return { status: 201, body: member(x) };
      }
      const x = channel.members.find((y) => y.id === memberId);
      if (!x) return err(404, 'NotFound', 'Member not found');
      if (method === 'PATCH') {
        x.roles = body?.roles ?? [];
        return { status: 200, body: member(x) };
      }
      if (method === 'DELETE') {
        channel.members.splice(channel.members.indexOf(x), 1);
        return { status: 204 };
      }
    }
    return this.calendarRoute(method, path, body) ?? err(404, 'NotFound', `No route for ${method} ${path}`);
  }

  /**
   * users/{id}/calendar/getSchedule and users/{id}/events (create with transactionId, update, cancel), with the
   * rules of their pages in microsoft-graph-docs.
   */
  private calendarRoute(method: string, path: string, body: any): { status: number; body?: unknown } | undefined {
    const err = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });
    const graphTime = (d: Date) => ({ dateTime: d.toISOString().replace('Z', '0000'), timeZone: 'UTC' });
    const readTime = (t: any) => {
      const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?/.exec(String(t?.dateTime ?? ''));
      return m ? new Date(`${m[1]}${m[2] ? m[2].slice(0, 4) : ''}Z`).toISOString() : 'invalid';
    };
    // Action parameters are matched without regard to case: calendar-getschedule.md writes `schedules`, its
    // concept page `Schedules`, and Graph's metadata (the generated types) `Schedules`.
    const param = (name: string) => body?.[Object.keys(body ?? {}).find((k) => k.toLowerCase() === name) ?? ''];
    if (/^\/v1\.0\/users\/[^/]+\/calendar\/getSchedule$/.test(path) && method === 'POST') {
      const from = new Date(readTime(param('starttime'))).getTime();
      const to = new Date(readTime(param('endtime'))).getTime();
      const schedules: string[] = param('schedules') ?? [];
      // outlook-get-free-busy-schedule.md, "Limits and error conditions": up to 20 entities at once, and a
      // period of less than 62 days.
      if (schedules.length > 20) return err(400, 'ErrorInvalidRequest', 'getSchedule takes at most 20 schedules.');
      if (!(to > from) || to - from >= 62 * 86_400_000)
        return err(400, 'ErrorInvalidTimeInterval', 'The time period must be positive and less than 62 days.');
      const value = schedules.map((address: string) => ({
        scheduleId: address,
        availabilityView: '',
        scheduleItems: (this.schedules.get(address.toLowerCase()) ?? [])
          .filter((b) => b.start.getTime() < to && b.end.getTime() > from)
          .map((b) => ({
            isPrivate: false,
            status: b.status,
            subject: 'Optaget',
            start: graphTime(b.start),
            end: graphTime(b.end),
          })),
      }));
      return { status: 200, body: { value } };
    }
    let m = /^\/v1\.0\/users\/([^/]+)\/events$/.exec(path);
    if (m && method === 'POST') {
      const organizerId = m[1];
      // resources/event, transactionId: "to avoid redundant POST operations in case of client retries to create
      // the same event": a repeated transactionId returns the first event, as it is now.
      const transactionId = body?.transactionId ?? null;
      const existing =
        transactionId && this.events.find((e) => e.organizerId === organizerId && e.transactionId === transactionId);
      if (existing) return { status: 201, body: publicEvent(existing) };
      const id = `AAMk${randomUUID().replace(/-/g, '')}`;
      const online = body?.isOnlineMeeting === true && body?.onlineMeetingProvider === 'teamsForBusiness';
      const joinUrl = `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${id}%40thread.v2/0`;
      const e: StandInEvent = {
        id,
        organizerId,
        transactionId,
        subject: String(body?.subject ?? ''),
        // An online meeting's details are written into the body (the "meeting blob" of event-update.md).
        body: String(body?.body?.content ?? '') + (online ? meetingBlob(joinUrl) : ''),
        start: readTime(body?.start),
        end: readTime(body?.end),
        attendees: (body?.attendees ?? []).map((a: any) => String(a?.emailAddress?.address ?? '')),
        isOnlineMeeting: online,
        joinUrl,
        cancelled: false,
        patches: [],
      };
      this.events.push(e);
      return { status: 201, body: publicEvent(e) };
    }
    m = /^\/v1\.0\/users\/([^/]+)\/events\/([^/]+)(\/cancel)?$/.exec(path);
    if (m) {
      const e = this.events.find((x) => x.id === m[2] && !x.cancelled);
      if (!e) return err(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      if (m[3] && method === 'POST') {
        // event-cancel.md: only the organizer cancels; an attendee gets 400 with this message.
        if (e.organizerId !== m[1])
          return err(
            400,
            'ErrorAccessDenied',
            "Your request can't be completed. You need to be an organizer to cancel a meeting.",
          );
        e.cancelled = true;
        return { status: 202 };
      }
      if (e.organizerId !== m[1])
        return err(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
      if (!m[3] && method === 'PATCH') {
        // event-update.md, "Request body": only the properties listed there can be updated.
        const unlisted = Object.keys(body ?? {}).filter((k) => !EVENT_UPDATABLE.has(k));
        if (unlisted.length)
          return err(400, 'ErrorInvalidProperty', `Not updatable (event-update): ${unlisted.join(', ')}`);
        e.patches.push(body);
        if (body?.subject) e.subject = String(body.subject);
        if (body?.start) e.start = readTime(body.start);
        if (body?.end) e.end = readTime(body.end);
        if (body?.attendees) e.attendees = body.attendees.map((a: any) => String(a?.emailAddress?.address ?? ''));
        if (body?.body) {
          e.body = String(body.body.content ?? '');
          // event-update.md: "Inadvertently removing the meeting blob from the body would disable meeting
          // online", and resources/event: after isOnlineMeeting is set, Outlook ignores further changes to it.
          if (e.isOnlineMeeting && !e.body.includes(e.joinUrl)) e.isOnlineMeeting = false;
        }
        return { status: 200, body: publicEvent(e) };
      }
    }
    return undefined;
  }
}

/** event-update.md, "Request body": the properties an update may set. */
const EVENT_UPDATABLE = new Set([
  'attendees',
  'body',
  'categories',
  'end',
  'hideAttendees',
  'importance',
  'isAllDay',
  'isOnlineMeeting',
  'isReminderOn',
  'location',
  'locations',
  'onlineMeetingProvider',
  'recurrence',
  'reminderMinutesBeforeStart',
  'responseRequested',
  'sensitivity',
  'showAs',
  'start',
  'subject',
]);

/** What Outlook writes into an online meeting's body: the join link and the dial-in lines. */
function meetingBlob(joinUrl: string): string {
  return (
    '<div style="width:100%"><span style="white-space:nowrap;color:#5F5F5F">________________</span>' +
    '<div class="me-email-text">Microsoft Teams-møde</div>' +
    `<a class="me-email-headline" href="${joinUrl}">Deltag i mødet nu</a></div>`
  );
}

function publicEvent(e: StandInEvent) {
  return {
    id: e.id,
    subject: e.subject,
    start: { dateTime: e.start.replace('Z', ''), timeZone: 'UTC' },
    end: { dateTime: e.end.replace('Z', ''), timeZone: 'UTC' },
    body: { contentType: 'html', content: e.body },
    isOnlineMeeting: e.isOnlineMeeting,
    onlineMeeting: e.isOnlineMeeting ? { joinUrl: e.joinUrl } : null,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(e.id)}&exvsurl=1&path=/calendar/item`,
    transactionId: e.transactionId,
  };
}

function userIdOf(member: any): string {
  return /users\('([^']+)'\)/.exec(String(member?.['user@odata.bind'] ?? ''))?.[1] ?? '';
}

/**
 * Why Teams refuses a channel name, or undefined when it takes it (Teams "Limits and specifications",
 * Channel names; Graph takes at most 50 characters).
 */
export function invalidChannelName(name: string): string | undefined {
  if (name.length < 1 || name.length > 50) return 'displayName must be 1 to 50 characters';
  if (/[~#%&*{}+/\\:<>?|'",]/.test(name)) return 'forbidden character';
  // eslint-disable-next-line no-control-regex -- control characters are what Teams refuses.
  if (/[\u0000-\u001f\u0080-\u009f]/.test(name)) return 'control character';
  if (name.includes('..')) return '".." is not allowed';
  if (/^[_.]/.test(name)) return 'may not start with _ or .';
  if (/\.$/.test(name)) return 'may not end with .';
  if (
    /(^|[\s()-])(forms|con|conin\$|conout\$|prn|aux|nul|com[1-9]|lpt[1-9]|desktop\.ini|_vti_)(?=$|[\s()-])/i.test(name)
  )
    return 'reserved word';
  return undefined;
}

function publicChannel(c: StandInChannel) {
  return {
    id: c.id,
    displayName: c.displayName,
    description: c.description,
    membershipType: c.membershipType,
    webUrl: c.webUrl,
  };
}
