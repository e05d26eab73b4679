import type { LearningOrigin } from './portfolio.js';
import type { ReviewDecision } from '../domain/portfolio.js';
export interface OverviewFigures {
  /** Open initiatives and clusters with an active mission, per track. */
  byTrack: { track: string; initiatives: number; clusters: number }[];
  /** Active initiatives per hard problem (an initiative counts under each problem it works on). */
  byProblem: { problem: string; initiatives: number }[];
  /** Units taking part: active clusters their people are members of, active initiatives they are involved in. */
  unitLoad: { unitId: string; unitName: string; clusters: number; initiatives: number }[];
  reviewDecisions: Partial<Record<ReviewDecision, number>>;
  recentDecisions: {
    initiativeTitle: string;
    clusterName: string;
    decision: ReviewDecision;
    byName: string;
    at: Date;
  }[];
  missionDecisions: Partial<Record<string, number>>;
  unanswered: { count: number; oldest: { id: string; title: string; createdAt: Date }[] };
  /** The answer clock over the last 90 days: median days from proposal to first decision, and how many. */
  answerTime: { medianDays: number | null; decided: number };
}

export interface DigestLearning {
  id: string;
  initiativeTitle: string;
  initiativeKind: string;
  stage: string;
  clusterName: string;
  track: string;
  problems: string[];
  authorName: string;
  origin: LearningOrigin;
  tried: string;
  happened: string;
  advice: string | null;
  createdAt: Date;
}
