import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import { GraphFailure, type ChannelGraph, type GraphChannel, type RosterMember } from '../ports/channel-graph.port.js';
import type { GraphChannelResource, GraphMemberResource, GraphPage } from './graph-types.js';

const userBind = (userId: string) => `https://graph.microsoft.com/v1.0/users('${userId}')`;
const enc = encodeURIComponent;
const MEMBER = '#microsoft.graph.aadUserConversationMember';

/** Runs one Graph request; any failure comes out as a GraphFailure. */
/** Runs a Graph request; its answer is read as `T`, the shape Graph's page documents (graph-types.ts). */
export async function call<T = unknown>(run: () => Promise<unknown>): Promise<T> {
  try {
    return (await run()) as T;
  } catch (err) {
    throw toFailure(err);
  }
}

/**
 * Channels, team members and shared-channel members through the real Graph client (which keeps within
 * Graph's limits). The rules each call depends on are Microsoft's (microsoft-graph-docs):
 * - channel-post: a shared channel created with application permissions names its owner in `members`;
 * - team-post-members / team-delete-members: the members of a standard channel are the team's; the app
 *   adds and removes members only, never owners (TeamMember.ReadWriteNonOwnerRole.All);
 * - channel-post-members: direct channel members only for private and shared channels;
 * - channel-list-allmembers: a shared channel's members, direct and through teams it is shared with;
 * - channel-post-enabledapps: an app is added to a shared channel by its app catalogue id.
 */
export function createChannelGraph(client: Client): ChannelGraph {
  const channelPath = (teamId: string, channelId: string) => `/teams/${enc(teamId)}/channels/${enc(channelId)}`;
  async function roster(first: string, channelId?: string): Promise<RosterMember[]> {
    const members: RosterMember[] = [];
    let next: string | undefined = first;
    while (next) {
      const url: string = next;
      const res = await call<GraphPage<GraphMemberResource>>(() => client.api(url).get());
      for (const m of res?.value ?? []) {
        if (!m.userId) continue;
        // A member who reaches a shared channel through a team it is shared with carries that team's URL.
        const source = String(m['@microsoft.graph.originalSourceMembershipUrl'] ?? '');
        const direct = !source || !channelId || source.includes(channelId) || source.includes(enc(channelId));
        members.push({ membershipId: m.id, userId: m.userId, isOwner: (m.roles ?? []).includes('owner'), direct });
      }
      next = res?.['@odata.nextLink'];
    }
    return members;
  }
  const ignore = async (run: () => Promise<unknown>, status: number) => {
    try {
      await call(run);
    } catch (err) {
      if (err instanceof GraphFailure && err.status === status) return;
      throw err;
    }
  };
  return {
    async findChannelByName(teamId, displayName) {
      const res = await call<GraphPage<GraphChannelResource>>(() =>
        client
          .api(`/teams/${enc(teamId)}/channels`)
          .filter(`displayName eq '${displayName.replace(/'/g, "''")}'`)
          .select(['id', 'displayName', 'description', 'webUrl', 'membershipType'])
          .get(),
      );
      // Teams treats channel names case-insensitively.
      const found = (res?.value ?? []).find((c) => c.displayName.toLowerCase() === displayName.toLowerCase());
      return found ? toChannel(found) : undefined;
    },
    async createChannel(teamId, c) {
      const body: Record<string, unknown> = {
        '@odata.type': '#Microsoft.Graph.channel',
        displayName: c.displayName,
        description: c.description,
        membershipType: c.membershipType,
      };
      if (c.membershipType === 'shared')
        body.members = [{ '@odata.type': MEMBER, 'user@odata.bind': userBind(c.ownerId), roles: ['owner'] }];
      const res = await call<GraphChannelResource>(() => client.api(`/teams/${enc(teamId)}/channels`).post(body));
      return toChannel(res);
    },
    listTeamMembers: (teamId) => roster(`/teams/${enc(teamId)}/members`),
    async addTeamMember(teamId, userId) {
      try {
        await call(() =>
          client
            .api(`/teams/${enc(teamId)}/members`)
            .post({ '@odata.type': MEMBER, 'user@odata.bind': userBind(userId), roles: [] }),
        );
        return 'added';
      } catch (err) {
        if (err instanceof GraphFailure && err.status === 409) return 'already';
        throw err;
      }
    },
    removeTeamMember: (teamId, membershipId) =>
      ignore(() => client.api(`/teams/${enc(teamId)}/members/${enc(membershipId)}`).delete(), 404),
    listChannelMembers: (teamId, channelId) => roster(`${channelPath(teamId, channelId)}/allMembers`, channelId),
    addChannelMember: (teamId, channelId, userId, owner) =>
      // 409: already a member, the goal is reached.
      ignore(
        () =>
          client
            .api(`${channelPath(teamId, channelId)}/members`)
            .post({ '@odata.type': MEMBER, 'user@odata.bind': userBind(userId), roles: owner ? ['owner'] : [] }),
        409,
      ),
    async makeChannelOwner(teamId, channelId, membershipId) {
      await call(() =>
        client
          .api(`${channelPath(teamId, channelId)}/members/${enc(membershipId)}`)
          .patch({ '@odata.type': MEMBER, roles: ['owner'] }),
      );
    },
    removeChannelMember: (teamId, channelId, membershipId) =>
      ignore(() => client.api(`${channelPath(teamId, channelId)}/members/${enc(membershipId)}`).delete(), 404),
    async enableApp(teamId, channelId, catalogAppId) {
      // 409: the app is in the channel already.
      await ignore(
        () =>
          client
            .api(`${channelPath(teamId, channelId)}/enabledApps/$ref`)
            .post({ '@odata.id': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogAppId}` }),
        409,
      );
    },
  };
}

function toChannel(c: GraphChannelResource): GraphChannel {
  return {
    id: c.id,
    displayName: c.displayName,
    description: c.description ?? null,
    webUrl: c.webUrl ?? null,
    membershipType: c.membershipType ?? null,
  };
}

/** Any error from the Graph client as a GraphFailure with Graph's status, code and Retry-After. */
export function toFailure(err: unknown): GraphFailure {
  if (err instanceof GraphFailure) return err;
  if (err instanceof GraphError) {
    const status = err.statusCode > 0 ? err.statusCode : undefined;
    if (!status)
      return new GraphFailure('Microsoft Graph could not be reached or did not answer in time', undefined, 'Timeout');
    const retryAfter = err.headers?.get?.('retry-after') ?? null;
    return new GraphFailure(
      `Microsoft Graph ${status} ${err.code ?? ''} ${err.message ?? ''}`.trim().slice(0, 300),
      status,
      err.code ?? undefined,
      retryAfter,
    );
  }
  const e = err as { name?: string; message?: string };
  const timeout = e?.name === 'TimeoutError' || e?.name === 'AbortError';
  return new GraphFailure(
    timeout ? 'Graph did not answer in time' : `Graph unreachable: ${e?.message ?? 'unknown error'}`,
    undefined,
    timeout ? 'Timeout' : 'Network',
  );
}
