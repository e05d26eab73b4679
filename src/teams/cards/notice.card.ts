import type { Notice } from '../../domain/notice.js';
import { formatDate } from '../i18n/i18n.js';
import { card, execute, facts, heading, para } from './card-kit.js';
import type { CardContext } from './card-context.js';

/** Proactive messages: a decision for the proposer, overdue proposals for the deciders. */
export function noticeCard(ctx: Pick<CardContext, 's' | 'locale' | 'timeZone'>, notice: Notice) {
  const { s } = ctx;
  if (notice.kind === 'missionDecided') {
    const status = s.status[notice.decision];
    return card(
      [
        heading(s.notices.decidedTitle[notice.decision]),
        para(s.notices.decidedBody(notice.title, status, notice.deciderName)),
        ...(notice.reason ? [facts([[s.list.reason, notice.reason]])] : []),
      ],
      [execute(s.actions.myMissions, 'missions.list', { scope: 'mine' }), execute(s.actions.proposeAnother, 'propose.open')],
    );
  }
  return card(
    [
      heading(s.notices.overdueTitle),
      para(s.notices.overdueBody(notice.days)),
      facts(notice.missions.map((m) => [formatDate(new Date(m.createdAt), ctx.locale, ctx.timeZone), m.title])),
    ],
    [execute(s.actions.decisions, 'decisions.list')],
  );
}
