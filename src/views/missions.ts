import type { Mission } from '../domain/mission.js';

export interface MissionView extends Mission {
  supportedByViewer: boolean;
  followedByViewer: boolean;
  /** The first decision on the proposal (the answer clock stops here). */
  firstDecidedAt: Date | null;
  /** Set for a proposal that waits: how long it has waited and by when it should be answered. */
  answer?: AnswerClock;
}

/** The answer clock of a waiting proposal. */
export interface AnswerClock {
  /** Days waited, with their fraction (said rounded down everywhere). */
  waitedDays: number;
  /** The configured answer deadline: proposed + DECISION_REMINDER_DAYS. */
  deadline: Date;
  overdue: boolean;
}

export interface Page<T> {
  items: T[];
  page: number;
  hasMore: boolean;
}
