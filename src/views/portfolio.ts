import type { InitiativeKind, ReviewDecision, Stage } from '../domain/portfolio.js';

export interface InitiativeView {
  id: string;
  clusterId: string;
  clusterName: string;
  kind: InitiativeKind;
  title: string;
  hypothesis: string;
  problems: string[];
  ownerId: string;
  ownerName: string;
  units: { id: string; name: string }[];
  stage: Stage;
  startsOn: string | null;
  nextReviewOn: string;
  learningCount: number;
  createdAt: Date;
}

/** Logged by a member, or written with a review's decision to stop (tried = the hypothesis, advice = why it stopped).
 * */
export type LearningOrigin = 'logged' | 'stopped';

export interface Learning {
  id: string;
  initiativeId: string;
  origin: LearningOrigin;
  authorName: string;
  tried: string;
  happened: string;
  advice: string | null;
  createdAt: Date;
}

export interface ReviewDecisionView {
  initiativeId: string;
  relevant: boolean;
  canCope: boolean;
  decision: ReviewDecision;
  rationale: string;
  stageBefore: Stage;
  stageAfter: Stage;
  decidedByName: string;
  decidedAt: Date;
}

export interface ReviewView {
  id: string;
  clusterId: string;
  trigger: 'cadence' | 'requested';
  dueOn: string;
  openedAt: Date;
  closedAt: Date | null;
  closedByName: string | null;
  roomForNew: boolean | null;
  note: string | null;
  decisions: ReviewDecisionView[];
}
