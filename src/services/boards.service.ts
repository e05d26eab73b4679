/**
 * What the tabs show: the portfolio board, one cluster's board, and the choices their pickers offer.
 * The tabs' HTTP layer (web/tab-api.ts) reads through here, never the store itself.
 */
import type pg from 'pg';
import { isUuid } from '../store/missions.repository.js';
import { listImportedPeople } from '../store/people.repository.js';
import { clusterOfInitiative } from '../store/portfolio.repository.js';
import { clusterBoard, clusterChoices, portfolioBoard, unitChoices } from '../store/board.repository.js';
import type { BoardFilter } from '../views/board.js';

export function createBoardsService(pool: pg.Pool) {
  return {
    /** Missions by status, clusters and initiatives by stage; declined proposals only for those who may see them. */
    portfolio: (filter: BoardFilter, viewer: { id: string; seesDeclined: boolean }) =>
      portfolioBoard(pool, filter, viewer),
    /** One cluster's board, or undefined for an unknown id. */
    cluster: async (clusterId: string) => (isUuid(clusterId) ? clusterBoard(pool, clusterId) : undefined),
    clusterChoices: () => clusterChoices(pool),
    units: () => unitChoices(pool),
    /** The cluster whose tab shows this initiative. */
    clusterOfInitiative: (initiativeId: string) => clusterOfInitiative(pool, initiativeId),
    /** Whom the local developer sign-in offers: the people the organisation import lists. */
    developerPeople: () => listImportedPeople(pool, 200),
  };
}

export type BoardsService = ReturnType<typeof createBoardsService>;
