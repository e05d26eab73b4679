import { problemLabel, trackLabel } from '../../domain/framework.js';
import type { MissionView } from '../../views/missions.js';
import { formatDate } from '../../i18n/i18n.js';
import { container, para, subtle, type Element } from './card-kit.js';
import type { CardContext } from './card-context.js';
import { excerpt } from '../../lib/excerpt.js';

/** About what three lines show: a list of ten missions stays well inside Teams' 28 KB for a card. */
const AMBITION_EXCERPT = 400;

/** The lines every mission shows wherever it is listed. */
export function missionSummary(ctx: CardContext, m: MissionView): Element[] {
  const { s, framework, locale } = ctx;
  const meta = [s.status[m.status], trackLabel(framework, m.track, locale), s.list.supporters(m.supporterCount)].join(
    ' · ',
  );
  return [
    { type: 'TextBlock', text: para(m.title).text, weight: 'Bolder', size: 'Medium', wrap: true },
    subtle(meta),
    subtle(s.list.proposedBy(m.proposerName, formatDate(m.createdAt, locale, ctx.timeZone))),
    para(excerpt(m.ambition, AMBITION_EXCERPT), { maxLines: 3, spacing: 'Small' }),
    subtle(`${s.list.problems}: ${m.problems.map((p) => problemLabel(framework, p, locale)).join(', ')}`),
    ...(m.decisionReason ? [para(`${s.list.reason}: ${m.decisionReason}`, { size: 'Small', spacing: 'Small' })] : []),
    ...answerClock(ctx, m),
  ];
}

/** "Har ventet 9 dage · svarfrist 15. dec. 2026": a waiting proposal's clock, in red once past its deadline. */
export function answerClock(ctx: CardContext, m: MissionView): Element[] {
  if (!m.answer) return [];
  const c = ctx.s.following.clock;
  const date = formatDate(m.answer.deadline, ctx.locale, ctx.timeZone);
  const text = `${c.waited(m.answer.waitedDays)} · ${m.answer.overdue ? c.overdue(date) : c.deadline(date)}`;
  return [para(text, { size: 'Small', spacing: 'Small', ...(m.answer.overdue ? { color: 'Attention' } : {}) })];
}

export function missionBlock(items: Element[], first: boolean): Element {
  return container(items, { separator: !first, spacing: first ? 'Medium' : 'Large' });
}
