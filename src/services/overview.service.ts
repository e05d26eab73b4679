import type pg from 'pg';
import type { Framework } from '../domain/framework.js';
import {
  canSeeOverview,
  DEFAULT_OVERVIEW_DAYS,
  DIGEST_DEFAULT_DAYS,
  OVERVIEW_PERIODS,
  validateDigestPeriod,
  type DigestFormat,
  type PeriodError,
} from '../domain/overview.js';
import { addDays, localDate } from '../domain/portfolio.js';
import { digestLearnings, overviewFigures } from '../store/overview.repository.js';
import { recordLedertraefDigest } from '../store/history.repository.js';
import type { DigestLearning, OverviewFigures } from '../views/overview.js';
import { digestUrl, LINK_LIFETIME_MS } from '../lib/signed-link.js';
import type { Viewer } from '../ports/services.port.js';

export interface OverviewPage extends OverviewFigures {
  days: number;
  since: Date;
  /** Every track of the framework, in its order, with zero where nothing runs. */
  tracks: { track: string; initiatives: number; clusters: number }[];
  /** Every hard problem of the framework, in its order, with zero where nobody works on it. */
  problems: { problem: string; initiatives: number }[];
  uncovered: string[];
}

export interface DigestGroup {
  track: string;
  problems: { problem: string; learnings: DigestLearning[] }[];
}

export interface Digest {
  from: string;
  to: string;
  learnings: DigestLearning[];
  clusterCount: number;
  groups: DigestGroup[];
}

export interface DigestPage extends Digest {
  links?: { md: string; html: string; expiresAt: Date };
}

export interface OverviewServiceDeps {
  pool: pg.Pool;
  framework: Framework;
  timeZone: string;
  linkSecret: Buffer;
  /** Where download links point; undefined until the app knows its address. */
  baseUrl(): string | undefined;
  now?: () => Date;
}

/**
 * Learnings grouped by track, then by hard problem, both in the framework's order. A learning appears
 * under every problem its initiative works on, since each problem's owners read their own section.
 */
export function groupDigest(framework: Framework, learnings: DigestLearning[]): DigestGroup[] {
  const trackIds = [
    ...framework.tracks.map((t) => t.id),
    ...new Set(learnings.map((l) => l.track).filter((t) => !framework.tracks.some((x) => x.id === t))),
  ];
  const problemIds = [
    ...framework.problems.map((p) => p.id),
    ...new Set(learnings.flatMap((l) => l.problems).filter((p) => !framework.problems.some((x) => x.id === p))),
  ];
  return trackIds
    .map((track) => ({
      track,
      problems: problemIds
        .map((problem) => ({
          problem,
          learnings: learnings.filter((l) => l.track === track && l.problems.includes(problem)),
        }))
        .filter((g) => g.learnings.length > 0),
    }))
    .filter((g) => g.problems.length > 0);
}

export type OverviewService = ReturnType<typeof createOverviewService>;

/** The whole picture for the group management and directors, and the Ledertræf digest of learnings. */
export function createOverviewService({
  pool,
  framework,
  timeZone,
  linkSecret,
  baseUrl,
  now = () => new Date(),
}: OverviewServiceDeps) {
  const today = () => localDate(now(), timeZone);

  async function digest(from: string, to: string): Promise<Digest> {
    const learnings = await digestLearnings(pool, from, to, timeZone);
    // The missions whose learnings it holds say so in their history ("Med i Ledertræf-opsamlingen …").
    if (learnings.length) await recordLedertraefDigest(pool, from, to);
    return {
      from,
      to,
      learnings,
      clusterCount: new Set(learnings.map((l) => l.clusterName)).size,
      groups: groupDigest(framework, learnings),
    };
  }

  return {
    today,

    async overview(viewer: Viewer, days: number = DEFAULT_OVERVIEW_DAYS): Promise<OverviewPage | 'forbidden'> {
      if (!canSeeOverview(viewer.roles)) return 'forbidden';
      const period = (OVERVIEW_PERIODS as readonly number[]).includes(days) ? days : DEFAULT_OVERVIEW_DAYS;
      const since = new Date(now().getTime() - period * 86_400_000);
      const figures = await overviewFigures(pool, since);
      const byTrack = new Map(figures.byTrack.map((t) => [t.track, t]));
      const byProblem = new Map(figures.byProblem.map((p) => [p.problem, p.initiatives]));
      const problems = framework.problems.map((p) => ({ problem: p.id, initiatives: byProblem.get(p.id) ?? 0 }));
      return {
        ...figures,
        days: period,
        since,
        tracks: framework.tracks.map((t) => byTrack.get(t.id) ?? { track: t.id, initiatives: 0, clusters: 0 }),
        problems,
        uncovered: problems.filter((p) => p.initiatives === 0).map((p) => p.problem),
      };
    },

    /** The digest for a period (default: the last 90 days), with signed download links valid for a week. */
    async digestPage(
      locale: 'da' | 'en',
      fromRaw?: string,
      toRaw?: string,
    ): Promise<DigestPage | { error: PeriodError; from: string; to: string }> {
      const to = toRaw || today();
      const from = fromRaw || addDays(to, -(DIGEST_DEFAULT_DAYS - 1));
      const checked = validateDigestPeriod(from, to, today());
      if (!checked.ok) return { error: checked.error, from, to };
      const d = await digest(from, to);
      const base = baseUrl();
      if (!base) return d;
      const expiresAt = new Date(now().getTime() + LINK_LIFETIME_MS);
      const exp = Math.floor(expiresAt.getTime() / 1000);
      const link = (format: DigestFormat) => digestUrl(base, linkSecret, { from, to, locale, format, exp });
      return { ...d, links: { md: link('md'), html: link('html'), expiresAt } };
    },

    /** The digest behind a verified download link. */
    digest,
  };
}
