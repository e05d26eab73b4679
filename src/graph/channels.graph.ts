import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import type { AadUserConversationMember, Channel } from '@microsoft/microsoft-graph-types';
import { GraphFailure, type ChannelGraph, type GraphChannel, type RosterMember } from '../ports/channel-graph.port.js';
import { GRAPH_OPERATIONS as OPS, graphPath, type GraphBody } from './graph-operations.js';

const userBind = (userId: string) => `https://graph.microsoft.com/v1.0/users('${userId}')`;
const MEMBER = '#microsoft.graph.aadUserConversationMember';

/** A collection page: `value`, and `@odata.nextLink` while more pages follow. */
export interface GraphPage<T> {
  value?: T[];
  '@odata.nextLink'?: string;
}

/** A member as Graph lists it; shared channels add the membership's source (channel-list-allmembers). */
type ListedMember = AadUserConversationMember & { '@microsoft.graph.originalSourceMembershipUrl'?: string | null };

/**
 * Runs a Graph request; its answer is read as `T`, Microsoft's resource type for it
 * (@microsoft/microsoft-graph-types). Any failure comes out as a GraphFailure.
 */
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
  const team = (teamId: string) => ({ 'team-id': teamId });
  const channel = (teamId: string, channelId: string) => ({ 'team-id': teamId, 'channel-id': channelId });
  const membership = (teamId: string, channelId: string, memberId: string) => ({
    ...channel(teamId, channelId),
    'conversationMember-id': memberId,
  });
  async function roster(first: string, channelId?: string): Promise<RosterMember[]> {
    const members: RosterMember[] = [];
    let next: string | undefined = first;
    while (next) {
      const url: string = next;
      const res = await call<GraphPage<ListedMember>>(() => client.api(url).get());
      for (const m of res?.value ?? []) {
        if (!m.userId) continue;
        // A member who reaches a shared channel through a team it is shared with carries that team's URL.
        const source = String(m['@microsoft.graph.originalSourceMembershipUrl'] ?? '');
        const direct =
          !source || !channelId || source.includes(channelId) || source.includes(encodeURIComponent(channelId));
        if (!m.id) continue;
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
      const res = await call<GraphPage<Channel>>(() =>
        client
          .api(graphPath(OPS.findChannel.endpoint, team(teamId)))
          .filter(`displayName eq '${displayName.replace(/'/g, "''")}'`)
          .select(['id', 'displayName', 'description', 'webUrl', 'membershipType'])
          .get(),
      );
      // Teams treats channel names case-insensitively.
      const found = (res?.value ?? []).find((c) => c.displayName?.toLowerCase() === displayName.toLowerCase());
      return found ? toChannel(found) : undefined;
    },
    async createChannel(teamId, c) {
      const body: GraphBody<typeof OPS.createChannel.endpoint> = {
        '@odata.type': '#Microsoft.Graph.channel',
        displayName: c.displayName,
        description: c.description,
        membershipType: c.membershipType,
        ...(c.membershipType === 'shared'
          ? { members: [{ '@odata.type': MEMBER, 'user@odata.bind': userBind(c.ownerId), roles: ['owner'] }] }
          : {}),
      };
      const res = await call<Channel>(() => client.api(graphPath(OPS.createChannel.endpoint, team(teamId))).post(body));
      return toChannel(res);
    },
    listTeamMembers: (teamId) => roster(graphPath(OPS.listTeamMembers.endpoint, team(teamId))),
    async addTeamMember(teamId, userId) {
      const body: GraphBody<typeof OPS.addTeamMember.endpoint> = {
        '@odata.type': MEMBER,
        'user@odata.bind': userBind(userId),
        roles: [],
      };
      try {
        await call(() => client.api(graphPath(OPS.addTeamMember.endpoint, team(teamId))).post(body));
        return 'added';
      } catch (err) {
        if (err instanceof GraphFailure && err.status === 409) return 'already';
        throw err;
      }
    },
    removeTeamMember: (teamId, membershipId) =>
      ignore(
        () =>
          client
            .api(graphPath(OPS.removeTeamMember.endpoint, { ...team(teamId), 'conversationMember-id': membershipId }))
            .delete(),
        404,
      ),
    listChannelMembers: (teamId, channelId) =>
      roster(graphPath(OPS.listChannelMembers.endpoint, channel(teamId, channelId)), channelId),
    addChannelMember(teamId, channelId, userId, owner) {
      const body: GraphBody<typeof OPS.addChannelMember.endpoint> = {
        '@odata.type': MEMBER,
        'user@odata.bind': userBind(userId),
        roles: owner ? ['owner'] : [],
      };
      // 409: already a member, the goal is reached.
      return ignore(
        () => client.api(graphPath(OPS.addChannelMember.endpoint, channel(teamId, channelId))).post(body),
        409,
      );
    },
    async makeChannelOwner(teamId, channelId, membershipId) {
      const body: GraphBody<typeof OPS.makeChannelOwner.endpoint> = { '@odata.type': MEMBER, roles: ['owner'] };
      await call(() =>
        client.api(graphPath(OPS.makeChannelOwner.endpoint, membership(teamId, channelId, membershipId))).patch(body),
      );
    },
    removeChannelMember: (teamId, channelId, membershipId) =>
      ignore(
        () =>
          client.api(graphPath(OPS.removeChannelMember.endpoint, membership(teamId, channelId, membershipId))).delete(),
        404,
      ),
    async enableApp(teamId, channelId, catalogAppId) {
      const body: GraphBody<typeof OPS.enableApp.endpoint> = {
        '@odata.id': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogAppId}`,
      };
      // 409: the app is in the channel already.
      await ignore(() => client.api(graphPath(OPS.enableApp.endpoint, channel(teamId, channelId))).post(body), 409);
    },
  };
}

function toChannel(c: Channel): GraphChannel {
  if (!c.id) throw new GraphFailure('Microsoft Graph answered without a channel id', undefined, 'NoId');
  return {
    id: c.id,
    displayName: c.displayName ?? '',
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
