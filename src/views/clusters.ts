import type { MissionStatus } from '../domain/mission.js';
import type { Stage } from '../domain/portfolio.js';

export interface ClusterMemberView {
  personId: string;
  name: string;
  /** Their Teams user id (29:...), known once they have talked to the bot; cards refresh for them. */
  teamsUserId: string | null;
  unitId: string | null;
  unitName: string | null;
}

export interface ExternalActor {
  id: string;
  name: string;
  organisation: string;
  email: string | null;
  role: string | null;
}

export interface ClusterChannelView {
  state: ChannelState;
  displayName: string;
  webUrl: string | null;
  lastError: string | null;
  nextAttemptAt: Date;
}

export interface ClusterView {
  id: string;
  name: string;
  purpose: string;
  missionId: string;
  missionTitle: string;
  missionStatus: MissionStatus;
  track: string;
  problems: string[];
  coordinatorId: string;
  coordinatorName: string;
  nextReviewOn: string;
  memberCount: number;
  version: number;
  members: ClusterMemberView[];
  externals: ExternalActor[];
  channel: ClusterChannelView | null;
  /** Initiatives per stage. */
  portfolio: Partial<Record<Stage, number>>;
  /** The review under way, with how many initiatives it has decided on. */
  openReview: { id: string; decided: number } | null;
  lastReview: { closedAt: Date; roomForNew: boolean } | null;
}

export interface ClusterSummary {
  id: string;
  name: string;
  missionTitle: string;
  track: string;
  coordinatorName: string;
  memberCount: number;
  isMember: boolean;
}

export type ChannelState = 'pending' | 'waiting' | 'retrying' | 'ready';
