import type { ClusterView } from '../views/clusters.js';

/** Posts and updates a cluster's status card in its channel; implemented by the Teams adapter. */
export interface ChannelCardPoster {
  post(teamReference: Record<string, unknown>, channelId: string, view: ClusterView): Promise<{ activityId: string }>;
  update(
    teamReference: Record<string, unknown>,
    channelId: string,
    activityId: string,
    view: ClusterView,
  ): Promise<void>;
}
