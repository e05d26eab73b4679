import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import type { ChannelMember } from '../domain/cluster.js';
import { GraphFailure, type ChannelGraph, type GraphChannel } from '../jobs/channel-graph.port.js';

const userBind = (userId: string) => `https://graph.microsoft.com/v1.0/users('${userId}')`;
const enc = encodeURIComponent;

/** Channels and channel members through the real Graph client (which keeps within Graph's limits). */
/** Runs one Graph request; any failure comes out as a GraphFailure. */
export async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw toFailure(err);
  }
}

export function createChannelGraph(client: Client): ChannelGraph {
  const channelPath = (teamId: string, channelId: string) => `/teams/${enc(teamId)}/channels/${enc(channelId)}`;
  return {
    async findChannelByName(teamId, displayName) {
      const res = await call(() =>
        client
          .api(`/teams/${enc(teamId)}/channels`)
          .filter(`displayName eq '${displayName.replace(/'/g, "''")}'`)
          .select(['id', 'displayName', 'description', 'webUrl'])
          
          .get(),
      );
      // Teams treats channel names case-insensitively.
      const found = (res?.value ?? []).find((c: any) => String(c.displayName).toLowerCase() === displayName.toLowerCase());
      return found ? toChannel(found) : undefined;
    },
    async createChannel(teamId, c) {
      const body: Record<string, unknown> = {
        '@odata.type': '#Microsoft.Graph.channel',
        displayName: c.displayName,
        description: c.description,
        membershipType: c.membershipType,
      };
      if (c.membershipType === 'private') {
        body.members = [{ '@odata.type': '#microsoft.graph.aadUserConversationMember', 'user@odata.bind': userBind(c.ownerId), roles: ['owner'] }];
      }
      const res = await call(() => client.api(`/teams/${enc(teamId)}/channels`).post(body));
      return toChannel(res);
    },
    async listMembers(teamId, channelId) {
      const members: ChannelMember[] = [];
      let next: string | undefined = `${channelPath(teamId, channelId)}/members`;
      while (next) {
        const url: string = next;
        const res = await call(() => client.api(url).get());
        for (const m of res?.value ?? []) {
          if (m.userId) members.push({ membershipId: m.id, userId: m.userId, isOwner: (m.roles ?? []).includes('owner') });
        }
        next = res?.['@odata.nextLink'];
      }
      return members;
    },
    async addMember(teamId, channelId, userId, owner) {
      try {
        await call(() =>
          client
            .api(`${channelPath(teamId, channelId)}/members`)
            
            .post({ '@odata.type': '#microsoft.graph.aadUserConversationMember', 'user@odata.bind': userBind(userId), roles: owner ? ['owner'] : [] }),
        );
      } catch (err) {
        if (err instanceof GraphFailure && err.status === 409) return; // already a member: the goal is reached
        throw err;
      }
    },
    async makeOwner(teamId, channelId, membershipId) {
      await call(() =>
        client
          .api(`${channelPath(teamId, channelId)}/members/${enc(membershipId)}`)
          
          .patch({ '@odata.type': '#microsoft.graph.aadUserConversationMember', roles: ['owner'] }),
      );
    },
    async removeMember(teamId, channelId, membershipId) {
      try {
        await call(() => client.api(`${channelPath(teamId, channelId)}/members/${enc(membershipId)}`).delete());
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

/** Any error from the Graph client as a GraphFailure with Graph's status, code and Retry-After. */
export function toFailure(err: unknown): GraphFailure {
  if (err instanceof GraphFailure) return err;
  if (err instanceof GraphError) {
    const status = err.statusCode > 0 ? err.statusCode : undefined;
    if (!status) return new GraphFailure('Microsoft Graph could not be reached or did not answer in time', undefined, 'Timeout');
    const retryAfter = err.headers?.get?.('retry-after') ?? null;
    return new GraphFailure(`Microsoft Graph ${status} ${err.code ?? ''}`.trim(), status, err.code ?? undefined, retryAfter);
  }
  const e = err as { name?: string; message?: string };
  const timeout = e?.name === 'TimeoutError' || e?.name === 'AbortError';
  return new GraphFailure(timeout ? 'Graph did not answer in time' : `Graph unreachable: ${e?.message ?? 'unknown error'}`, undefined, timeout ? 'Timeout' : 'Network');
}
