import type { Mission } from '../../domain/mission.js';

export interface MissionView extends Mission {
  supportedByViewer: boolean;
}

export interface Page<T> {
  items: T[];
  page: number;
  hasMore: boolean;
}
