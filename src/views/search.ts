import type { SearchKind } from '../domain/search.js';

export interface SearchHit {
  kind: SearchKind;
  id: string;
  title: string;
  text: string;
  track: string;
  /** Mission status or initiative stage; clusters show their mission's status. */
  state: string;
  missionId: string;
  missionTitle: string;
  clusterId?: string;
  clusterName?: string;
  /** A portfolio item's own kind (prøvehandling, initiativ, indsats), so results call it what it is. */
  initiativeKind?: string;
}
