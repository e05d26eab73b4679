import type { HistoryEvent } from '../domain/history.js';
import { formatDate, type Locale, type Strings } from './i18n.js';

/** What a history's reader needs: the texts in their language, and the organisation's zone for dates. */
export interface TextContext {
  s: Strings;
  locale: Locale;
  timeZone: string;
}

/** What one event says: a headline and, for some, the reason or the learning under it. */
export function describeEvent(ctx: TextContext, e: HistoryEvent): { line: string; detail?: string } {
  const h = ctx.s.following.history;
  const stage = (id: string) => ctx.s.portfolio.stage[id] ?? id;
  switch (e.kind) {
    case 'proposed':
      return { line: h.proposed(e.by) };
    case 'supported':
      return { line: h.supported(e.names, e.count) };
    case 'decided':
      return { line: h.decided(ctx.s.status[e.to], e.by), detail: e.reason ? h.reason(e.reason) : undefined };
    case 'concluded':
      return { line: h.concluded(e.by), detail: e.reason ? h.achieved(e.reason) : undefined };
    case 'clusterFormed':
      return { line: h.clusterFormed(e.name, e.by) };
    case 'joined':
      return { line: h.joined(e.clusterName, e.names, e.count) };
    case 'initiativeStarted':
      return {
        line: h.initiativeStarted(ctx.s.portfolio.kind[e.initiativeKind] ?? e.initiativeKind, e.title, e.clusterName),
      };
    case 'stageMoved':
      return { line: h.stageMoved(e.title, stage(e.from), stage(e.to)) };
    case 'reviewDecided':
      return {
        line: h.reviewDecided(e.title, h.reviewDecision[e.decision] ?? e.decision),
        detail: h.rationale(e.rationale),
      };
    case 'learning':
      return { line: e.origin === 'stopped' ? h.stoppedLearning(e.title) : h.learning(e.title, e.by), detail: e.text };
    case 'ledertraef': {
      const day = (iso: string) => formatDate(new Date(`${iso}T12:00:00Z`), ctx.locale, ctx.timeZone);
      return { line: h.ledertraef(day(e.from), day(e.to), e.learnings) };
    }
  }
}
