/** The portfolio tab's filters; each narrows every list it applies to (all are already validated). */
export interface BoardFilter {
  track?: string;
  problem?: string;
  unit?: string;
  stage?: string;
}

export interface BoardMission {
  id: string;
  title: string;
  status: string;
  track: string;
  problems: string[];
  clusters: number;
  supporters: number;
}

export interface BoardCluster {
  id: string;
  name: string;
  missionId: string;
  missionTitle: string;
  track: string;
  members: number;
  units: string[];
  openInitiatives: number;
  nextReviewOn: string;
  channelUrl: string | null;
  /** Where the channel stands (as the cluster card says it), with why it waits or fails. */
  channel: { state: 'pending' | 'waiting' | 'retrying' | 'ready' | 'none'; reason: string | null };
}

export interface BoardInitiative {
  id: string;
  title: string;
  kind: string;
  stage: string;
  clusterId: string;
  clusterName: string;
  problems: string[];
  units: string[];
  ownerName: string;
  nextReviewOn: string;
  learnings: number;
}

export interface Counted<T> {
  total: number;
  items: T[];
}
