// Microsoft's generated Graph v1.0 endpoint map (@microsoft/teams.graph-endpoints, from Graph's OpenAPI
// description), type-only. Its package exports give types only under the "require" condition.
import type { IEndpoints as Channels } from '@microsoft/teams.graph-endpoints/teams/channels' with {
  'resolution-mode': 'require',
};
import type { IEndpoints as ChannelMembers } from '@microsoft/teams.graph-endpoints/teams/channels/members' with {
  'resolution-mode': 'require',
};
import type { IEndpoints as ChannelAllMembers } from '@microsoft/teams.graph-endpoints/teams/channels/allMembers' with {
  'resolution-mode': 'require',
};
import type { IEndpoints as TeamMembers } from '@microsoft/teams.graph-endpoints/teams/members' with {
  'resolution-mode': 'require',
};
import type { IEndpoints as Events } from '@microsoft/teams.graph-endpoints/users/events' with {
  'resolution-mode': 'require',
};
import type { IEndpoints as Calendar } from '@microsoft/teams.graph-endpoints/users/calendar' with {
  'resolution-mode': 'require',
};

/** The Graph operations the app may call, as Microsoft generates them: `METHOD /path/{id}` → parameters, body. */
type GeneratedEndpoints = Channels & ChannelMembers & ChannelAllMembers & TeamMembers & Events & Calendar;

/**
 * Operations documented on a page of microsoft-graph-docs but missing from the generated description the
 * installed package was built from. Each names its page; test/unit/graph-contract.test.ts fails once the
 * package has the operation, so the entry is removed then.
 */
export const DOCUMENTED_NOT_GENERATED = {
  // channel-post-enabledapps.md (v1.0, 2026-03-16): body { "@odata.id": ".../appCatalogs/teamsApps/{id}" }.
  'POST /teams/{team-id}/channels/{channel-id}/enabledApps/$ref': 'channel-post-enabledapps',
} as const;

type DocumentedEndpoints = {
  'POST /teams/{team-id}/channels/{channel-id}/enabledApps/$ref': { body: { '@odata.id': string } };
};

export type GraphEndpoint = keyof GeneratedEndpoints | keyof typeof DOCUMENTED_NOT_GENERATED;

/**
 * The generated body types require `@odata.type` on every object, which Graph itself does not: it is optional
 * here, and OData's `name@odata.bind` references (channel-post, team-post-members) are allowed beside the
 * properties. Every other property must be one the operation's type has.
 */
type Loose<T> = T extends readonly (infer U)[]
  ? Loose<U>[]
  : T extends object
    ? { [K in keyof T as K extends '@odata.type' ? never : K]?: Loose<T[K]> } & {
        '@odata.type'?: string;
        [bind: `${string}@odata.bind`]: string | string[] | undefined;
      }
    : T;

/** The request body of one operation, checked against Microsoft's type for it. */
export type GraphBody<E extends GraphEndpoint> = E extends keyof GeneratedEndpoints
  ? Loose<GeneratedEndpoints[E]['body']>
  : E extends keyof DocumentedEndpoints
    ? DocumentedEndpoints[E]['body']
    : never;

/**
 * Who grants an operation: an application permission (admin consent) or a resource-specific one (team owner).
 * `appRoleId` is the permission's id in Microsoft Graph, for one that aad.manifest.json names by id because
 * the Agents Toolkit's aadApp/update resolves names from a list that lacks it (it passes ids through).
 */
export type GraphPermission = { application: string; appRoleId?: string } | { resourceSpecific: string };

export interface GraphOperation {
  endpoint: GraphEndpoint;
  /** The least privileged permission that allows it, as its page lists it (or the one we ask for anyway). */
  permission: GraphPermission;
  /** Its page in microsoft-graph-docs (api-reference/v1.0/api/<page>.md). */
  page: string;
  /** Only when clusters get shared channels (CLUSTER_CHANNEL_TYPE=shared). */
  sharedChannelsOnly?: boolean;
}

const rsc = (name: string): GraphPermission => ({ resourceSpecific: name });
const app = (name: string, appRoleId?: string): GraphPermission => ({ application: name, appRoleId });

/**
 * Every Graph operation the app makes, with its permission and page. The README's permission table,
 * aad.manifest.json and the manifest's resource-specific permissions are checked against this table
 * (test/unit/graph-permissions.test.ts), and every request the integration suites send is checked to be one
 * of these (test/support/graph-contract.ts).
 */
export const GRAPH_OPERATIONS = {
  findChannel: {
    endpoint: 'GET /teams/{team-id}/channels',
    permission: rsc('ChannelSettings.Read.Group'),
    page: 'channel-list',
  },
  createChannel: {
    endpoint: 'POST /teams/{team-id}/channels',
    permission: rsc('Channel.Create.Group'),
    page: 'channel-post',
  },
  listTeamMembers: {
    endpoint: 'GET /teams/{team-id}/members',
    permission: rsc('TeamMember.Read.Group'),
    page: 'team-list-members',
  },
  addTeamMember: {
    endpoint: 'POST /teams/{team-id}/members',
    permission: app('TeamMember.ReadWriteNonOwnerRole.All'),
    page: 'team-post-members',
  },
  removeTeamMember: {
    endpoint: 'DELETE /teams/{team-id}/members/{conversationMember-id}',
    permission: app('TeamMember.ReadWriteNonOwnerRole.All'),
    page: 'team-delete-members',
  },
  listChannelMembers: {
    endpoint: 'GET /teams/{team-id}/channels/{channel-id}/allMembers',
    permission: rsc('ChannelMember.ReadWrite.Group'),
    page: 'channel-list-allmembers',
    sharedChannelsOnly: true,
  },
  addChannelMember: {
    endpoint: 'POST /teams/{team-id}/channels/{channel-id}/members',
    permission: rsc('ChannelMember.ReadWrite.Group'),
    page: 'channel-post-members',
    sharedChannelsOnly: true,
  },
  makeChannelOwner: {
    endpoint: 'PATCH /teams/{team-id}/channels/{channel-id}/members/{conversationMember-id}',
    permission: rsc('ChannelMember.ReadWrite.Group'),
    page: 'channel-update-members',
    sharedChannelsOnly: true,
  },
  removeChannelMember: {
    endpoint: 'DELETE /teams/{team-id}/channels/{channel-id}/members/{conversationMember-id}',
    permission: rsc('ChannelMember.ReadWrite.Group'),
    page: 'channel-delete-members',
    sharedChannelsOnly: true,
  },
  enableApp: {
    endpoint: 'POST /teams/{team-id}/channels/{channel-id}/enabledApps/$ref',
    // Its id in Graph's permissions reference; the toolkit 1.1.17's list predates it.
    permission: app('TeamsAppInstallation.ManageSelectedForTeam.All', 'b448d252-1f26-4227-b6ff-21ab510975a2'),
    page: 'channel-post-enabledapps',
    sharedChannelsOnly: true,
  },
  // Calendars.Read would do for getSchedule (its page), but the events need Calendars.ReadWrite, which includes it.
  getSchedule: {
    endpoint: 'POST /users/{user-id}/calendar/getSchedule',
    permission: app('Calendars.ReadWrite'),
    page: 'calendar-getschedule',
  },
  createEvent: {
    endpoint: 'POST /users/{user-id}/events',
    permission: app('Calendars.ReadWrite'),
    page: 'user-post-events',
  },
  updateEvent: {
    endpoint: 'PATCH /users/{user-id}/events/{event-id}',
    permission: app('Calendars.ReadWrite'),
    page: 'event-update',
  },
  cancelEvent: {
    endpoint: 'POST /users/{user-id}/events/{event-id}/cancel',
    permission: app('Calendars.ReadWrite'),
    page: 'event-cancel',
  },
} as const satisfies Record<string, GraphOperation>;

/** The `{name}` parameters of an endpoint's path. */
type PathParams<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | PathParams<Rest> : never;

/** The request path of one operation: its template with each parameter encoded (`'{team-id}'` → the id). */
export function graphPath<E extends GraphEndpoint>(endpoint: E, params: Record<PathParams<E>, string>): string {
  const values = params as Record<string, string>;
  return endpoint
    .replace(/^[A-Z]+ /, '')
    .replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name]));
}
