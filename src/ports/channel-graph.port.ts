import type { ChannelMember, ClusterChannelType } from '../domain/cluster.js';

/** A failed Graph call with what Graph said, so the job can decide when (and whether) to try again. */
export class GraphFailure extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly retryAfter: string | null = null,
  ) {
    super(message);
    this.name = 'GraphFailure';
  }

  get isNameConflict(): boolean {
    return (
      this.status === 409 ||
      (this.status === 400 && /NameAlreadyExists|already exist/i.test(`${this.code} ${this.message}`))
    );
  }

  /** The team holds as many channels as Teams allows (deleted ones count for 30 days). */
  get isTeamFull(): boolean {
    return this.status === 400 && /limit|maximum|MaxChannels/i.test(`${this.code} ${this.message}`);
  }
}

export interface GraphChannel {
  id: string;
  displayName: string;
  description: string | null;
  webUrl: string | null;
  membershipType: string | null;
}

/** A member as Graph lists it; `direct` is false for people who reach a shared channel through a team it is shared
 * with. */
export interface RosterMember extends ChannelMember {
  direct: boolean;
}

/** The Teams part of Microsoft Graph that cluster channels need; implemented in src/graph. */
export interface ChannelGraph {
  findChannelByName(teamId: string, displayName: string): Promise<GraphChannel | undefined>;
  createChannel(
    teamId: string,
    c: { displayName: string; description: string; membershipType: ClusterChannelType; ownerId: string },
  ): Promise<GraphChannel>;
  /** The team's members: everyone who sees a standard channel. */
  listTeamMembers(teamId: string): Promise<RosterMember[]>;
  /** Adds a person to the team as a member (never an owner); 'already' when Teams says they are one. */
  addTeamMember(teamId: string, userId: string): Promise<'added' | 'already'>;
  removeTeamMember(teamId: string, membershipId: string): Promise<void>;
  /** A shared channel's members, direct and through shared teams (allMembers). */
  listChannelMembers(teamId: string, channelId: string): Promise<RosterMember[]>;
  addChannelMember(teamId: string, channelId: string, userId: string, owner: boolean): Promise<void>;
  makeChannelOwner(teamId: string, channelId: string, membershipId: string): Promise<void>;
  removeChannelMember(teamId: string, channelId: string, membershipId: string): Promise<void>;
  /** Adds the app to a shared channel, so the bot can post there (an app in the team is not in its shared channels). */
  enableApp(teamId: string, channelId: string, catalogAppId: string): Promise<void>;
}
