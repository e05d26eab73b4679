import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import type { ChannelMember } from '../domain/cluster.js';
import { GraphFailure, type ChannelGraph, type GraphChannel } from '../jobs/channel-graph.port.js';
import { createThrottle } from '../lib/throttle.js';

/** Graph's limits: 4 requests per second on one team, 30 channel creations per second per tenant. */
const PER_TEAM = { max: 4, windowMs: 1000 };
const CREATIONS = { max: 30, windowMs: 1000 };
const TIMEOUT_MS = 15_000;

const userBind = (userId: string) => `https://graph.microsoft.com/v1.0/users('${userId}')`;
const enc = encodeURIComponent;

/** Channels and channel members through the real Graph client, within Graph's limits. */
export function createChannelGraph(client: Client, throttle = createThrottle()): ChannelGraph {
  async function call<T>(teamId: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    await throttle.take(`team:${teamId}`, PER_TEAM.max, PER_TEAM.windowMs);
    try {
      return await run(AbortSignal.timeout(TIMEOUT_MS));
    } catch (err) {
      throw toFailure(err);
    }
  }
  const channelPath = (teamId: string, channelId: string) => `/teams/${enc(teamId)}/channels/${enc(channelId)}`;
  return {
    async findChannelByName(teamId, displayName) {
      const res = await call(teamId, (signal) =>
        client
          .api(`/teams/${enc(teamId)}/channels`)
          .filter(`displayName eq '${displayName.replace(/'/g, "''")}'`)
          .select(['id', 'displayName', 'description', 'webUrl'])
          .option('signal', signal)
          .get(),
      );
      const found = (res?.value ?? []).find((c: any) => c.displayName === displayName);
      return found ? toChannel(found) : undefined;
    },
    async createChannel(teamId, c) {
      await throttle.take('tenant:channel-create', CREATIONS.max, CREATIONS.windowMs);
      const body: Record<string, unknown> = {
        '@odata.type': '#Microsoft.Graph.channel',
        displayName: c.displayName,
        description: c.description,
        membershipType: c.membershipType,
      };
      if (c.membershipType === 'private') {
        body.members = [{ '@odata.type': '#microsoft.graph.aadUserConversationMember', 'user@odata.bind': userBind(c.ownerId), roles: ['owner'] }];
      }
      const res = await call(teamId, (signal) => client.api(`/teams/${enc(teamId)}/channels`).option('signal', signal).post(body));
      return toChannel(res);
    },
    async listMembers(teamId, channelId) {
      const members: ChannelMember[] = [];
      let next: string | undefined = `${channelPath(teamId, channelId)}/members`;
      while (next) {
        const url: string = next;
        const res = await call(teamId, (signal) => client.api(url).option('signal', signal).get());
        for (const m of res?.value ?? []) {
          if (m.userId) members.push({ membershipId: m.id, userId: m.userId, isOwner: (m.roles ?? []).includes('owner') });
        }
        next = res?.['@odata.nextLink'];
      }
      return members;
    },
    async addMember(teamId, channelId, userId, owner) {
      try {
        await call(teamId, (signal) =>
          client
            .api(`${channelPath(teamId, channelId)}/members`)
            .option('signal', signal)
            .post({ '@odata.type': '#microsoft.graph.aadUserConversationMember', 'user@odata.bind': userBind(userId), roles: owner ? ['owner'] : [] }),
        );
      } catch (err) {
        if (err instanceof GraphFailure && err.status === 409) return; // already a member: the goal is reached
        throw err;
      }
    },
    async makeOwner(teamId, channelId, membershipId) {
      await call(teamId, (signal) =>
        client
          .api(`${channelPath(teamId, channelId)}/members/${enc(membershipId)}`)
          .option('signal', signal)
          .patch({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'] }),
      );
    },
    async removeMember(teamId, channelId, membershipId) {
      try {
        await call(teamId, (signal) => client.api(`${channelPath(teamId, channelId)}/members/${enc(membershipId)}`).option('signal', signal).delete());
      } catch (err) {
        if (err instanceof GraphFailure && err.status === 404) return; // already gone
        throw err;
      }
    },
  };
}

function toChannel(c: any): GraphChannel {
  return { id: c.id, displayName: c.displayName, description: c.description ?? null, webUrl: c.webUrl ?? null };
}

function toFailure(err: unknown): GraphFailure {
  if (err instanceof GraphFailure) return err;
  if (err instanceof GraphError) {
    const status = err.statusCode > 0 ? err.statusCode : undefined;
    const retryAfter = err.headers?.get?.('retry-after') ?? null;
    return new GraphFailure(`Graph ${status ?? 'error'}: ${err.code ?? ''} ${err.message}`.trim(), status, err.code ?? undefined, retryAfter);
  }
  const e = err as { name?: string; message?: string };
  const timeout = e?.name === 'TimeoutError' || e?.name === 'AbortError';
  return new GraphFailure(timeout ? 'Graph did not answer in time' : `Graph unreachable: ${e?.message ?? 'unknown error'}`, undefined, timeout ? 'Timeout' : 'Network');
}
