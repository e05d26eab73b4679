import type pg from 'pg';
import { excerpt } from '../lib/excerpt.js';
import { HISTORY_PAGE_SIZE, HISTORY_TEXT_MAX, type HistoryEvent } from '../domain/history.js';
import { canDecideMissions } from '../domain/roles.js';
import { missionHistoryPage, type HistoryRow } from '../store/history.repository.js';
import { getMissionView } from '../store/missions.repository.js';
import type { Viewer } from '../ports/services.port.js';
import type { MissionView } from '../views/missions.js';

export interface HistoryPage {
  mission: MissionView;
  events: HistoryEvent[];
  /** 0-based. */
  page: number;
  pages: number;
  total: number;
}

/** A day's new contributors or members are named up to this many ("… og 12 andre"). */
const NAMES_SHOWN = 5;

/** A long text in a history, cut at a word (the whole text is on the step's own card). */
const shorten = (text: string) => excerpt(text, HISTORY_TEXT_MAX);

/**
 * A day's supporters or joiners as shown: how many, and up to NAMES_SHOWN names of those who may be named.
 * `reader` leaves the reader out (a digest does not tell people what they did themselves).
 */
function crowd(r: HistoryRow, reader?: string): { count: number; names: string[] } {
  const people = (r.people ?? []).filter((p) => p.id !== reader);
  const names = people.flatMap((p) => (p.name ? [p.name] : [])).slice(0, NAMES_SHOWN);
  return { count: reader ? people.length : r.n, names };
}

/** Whether the reader is among a step's supporters or joiners. */
export function includesReader(r: HistoryRow, reader: string): boolean {
  return (r.people ?? []).some((p) => p.id === reader);
}

/** One stored step as the event the cards and the tab show (for `reader`: without the reader among a crowd). */
export function toEvent(r: HistoryRow, reader?: string): HistoryEvent {
  const at = r.at.toISOString();
  const by = r.actor_name ?? '';
  switch (r.kind) {
    case 'proposed':
      return { kind: 'proposed', at, missionId: r.mission_id, title: r.title ?? '', by };
    case 'supported':
      return { kind: 'supported', at, missionId: r.mission_id, ...crowd(r, reader) };
    case 'decided':
      return {
        kind: 'decided',
        at,
        missionId: r.mission_id,
        to: r.sub === 'active' || r.sub === 'declined' ? r.sub : 'concretising',
        reason: r.detail ? shorten(r.detail) : null,
        by,
      };
    case 'concluded':
      return { kind: 'concluded', at, missionId: r.mission_id, reason: r.detail ? shorten(r.detail) : null, by };
    case 'clusterFormed':
      return { kind: 'clusterFormed', at, clusterId: r.cluster_id!, name: r.title ?? '', by };
    case 'joined':
      return {
        kind: 'joined',
        at,
        clusterId: r.cluster_id!,
        clusterName: r.title ?? '',
        ...crowd(r, reader),
      };
    case 'initiativeStarted':
      return {
        kind: 'initiativeStarted',
        at,
        initiativeId: r.initiative_id!,
        title: r.title ?? '',
        initiativeKind: r.sub ?? 'initiative',
        clusterName: r.detail ?? '',
        by,
      };
    case 'stageMoved':
      return {
        kind: 'stageMoved',
        at,
        initiativeId: r.initiative_id!,
        title: r.title ?? '',
        from: r.sub ?? '',
        to: r.detail ?? '',
        by,
      };
    case 'reviewDecided':
      return {
        kind: 'reviewDecided',
        at,
        initiativeId: r.initiative_id!,
        title: r.title ?? '',
        decision: r.sub === 'adjust' || r.sub === 'scale' || r.sub === 'stop' ? r.sub : 'continue',
        rationale: shorten(r.detail ?? ''),
        by,
      };
    case 'learning':
      return {
        kind: 'learning',
        at,
        initiativeId: r.initiative_id!,
        title: r.title ?? '',
        origin: r.sub === 'stopped' ? 'stopped' : 'logged',
        text: shorten(r.detail ?? ''),
        by,
      };
    case 'ledertraef':
      return { kind: 'ledertraef', at, from: r.sub ?? '', to: r.detail ?? '', learnings: r.n };
  }
}

/**
 * Who may read a mission and its history: everyone, except a declined proposal, which stays with its
 * proposer, its supporters and those who decide (as the lists show it).
 */
export function mayRead(viewer: Viewer, m: MissionView): boolean {
  return (
    m.status !== 'declined' || m.proposerId === viewer.id || m.supportedByViewer || canDecideMissions(viewer.roles)
  );
}

export type HistoryService = ReturnType<typeof createHistoryService>;

export function createHistoryService({ pool, timeZone }: { pool: pg.Pool; timeZone: string }) {
  return {
    /** One page of the mission's history, oldest first; the last page when `page` is -1 or past the end. */
    async mission(viewer: Viewer, missionId: string, page: number): Promise<HistoryPage | 'notFound'> {
      const mission = await getMissionView(pool, missionId, viewer.id);
      if (!mission || !mayRead(viewer, mission)) return 'notFound';
      let at = Math.max(0, page);
      let found = await missionHistoryPage(pool, missionId, timeZone, at * HISTORY_PAGE_SIZE, HISTORY_PAGE_SIZE);
      const pages = Math.max(1, Math.ceil(found.total / HISTORY_PAGE_SIZE));
      if (page < 0 || at >= pages) {
        at = pages - 1;
        found = await missionHistoryPage(pool, missionId, timeZone, at * HISTORY_PAGE_SIZE, HISTORY_PAGE_SIZE);
      }
      return { mission, events: found.rows.map((r) => toEvent(r)), page: at, pages, total: found.total };
    },
  };
}
