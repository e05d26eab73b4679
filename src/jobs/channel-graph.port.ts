import type { ChannelMember } from '../domain/cluster.js';

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
    return this.status === 409 || (this.status === 400 && /NameAlreadyExists|already exist/i.test(`${this.code} ${this.message}`));
  }
}

export interface GraphChannel {
  id: string;
  displayName: string;
  description: string | null;
  webUrl: string | null;
}

/** The Teams part of Microsoft Graph that cluster channels need; implemented in src/graph. */
export interface ChannelGraph {
  findChannelByName(teamId: string, displayName: string): Promise<GraphChannel | undefined>;
  createChannel(
    teamId: string,
    c: { displayName: string; description: string; membershipType: 'private' | 'standard'; ownerId: string },
  ): Promise<GraphChannel>;
  listMembers(teamId: string, channelId: string): Promise<ChannelMember[]>;
  addMember(teamId: string, channelId: string, userId: string, owner: boolean): Promise<void>;
  makeOwner(teamId: string, channelId: string, membershipId: string): Promise<void>;
  removeMember(teamId: string, channelId: string, membershipId: string): Promise<void>;
}
