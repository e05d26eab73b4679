import type { Notice } from '../../domain/notice.js';
import { TOPICS } from '../../domain/dialogue.js';
import { formatDate, formatTime } from '../../i18n/i18n.js';
import { card, execute, facts, heading, opensNew, para } from './card-kit.js';
import type { CardContext } from './card-context.js';
import { followerDigestCard } from './history.card.js';

/**
 * Proactive messages (a decision for the proposer, reminders, digests). A notice stays as it was: its buttons
 * open their card as a new message (opensNew).
 */
export function noticeCard(ctx: Pick<CardContext, 's' | 'locale' | 'timeZone'>, notice: Notice) {
  return opensNew(noticeCardOf(ctx, notice));
}

function noticeCardOf(ctx: Pick<CardContext, 's' | 'locale' | 'timeZone'>, notice: Notice) {
  const { s } = ctx;
  if (notice.kind === 'missionDecided') {
    const status = s.status[notice.decision];
    return card(
      [
        heading(s.notices.decidedTitle[notice.decision]),
        para(s.notices.decidedBody(notice.title, status, notice.deciderName)),
        ...(notice.reason ? [facts([[s.list.reason, notice.reason]])] : []),
      ],
      [
        execute(s.following.actions.history, 'history.view', { missionId: notice.missionId, page: -1 }),
        execute(s.actions.myMissions, 'missions.list', { scope: 'mine' }),
        execute(s.actions.proposeAnother, 'propose.open'),
      ],
    );
  }
  const n = s.portfolio.notices;
  const day = (iso: string) => formatDate(new Date(`${iso}T12:00:00Z`), ctx.locale, ctx.timeZone);
  if (notice.kind === 'reviewOpened') {
    return card(
      [
        heading(n.reviewTitle(notice.clusterName)),
        para(notice.trigger === 'requested' ? n.reviewRequested : n.reviewCadence, { isSubtle: true }),
        para(n.reviewBody(notice.openCount)),
      ],
      [
        execute(n.openReview, 'review.view', { reviewId: notice.reviewId }, { style: 'positive' }),
        execute(s.portfolio.actions.portfolio, 'portfolio.view', { clusterId: notice.clusterId }),
      ],
    );
  }
  if (notice.kind === 'dialogueInvited') {
    const t = s.dialogues;
    const start = new Date(notice.startsAt);
    return card(
      [
        heading(t.notice.invitedTitle(notice.unitName)),
        para(
          t.notice.invitedBody(
            formatDate(start, ctx.locale, ctx.timeZone) + ' ' + formatTime(start, ctx.locale, ctx.timeZone),
          ),
        ),
      ],
      [
        ...(notice.joinUrl ? [{ type: 'Action.OpenUrl', title: t.actions.join, url: notice.joinUrl }] : []),
        execute(t.actions.view, 'dialogue.view', { dialogueId: notice.dialogueId }),
      ],
    );
  }
  if (notice.kind === 'dialogueOutcomeDue') {
    const o = s.dialogues.outcome;
    const start = new Date(notice.startsAt);
    return card(
      [
        heading(o.dueTitle(notice.unitName)),
        para(
          o.dueBody(`${formatDate(start, ctx.locale, ctx.timeZone)} ${formatTime(start, ctx.locale, ctx.timeZone)}`),
        ),
      ],
      [execute(o.record, 'dialogue.outcome.open', { dialogueId: notice.dialogueId }, { style: 'positive' })],
    );
  }
  if (notice.kind === 'dialogueSummary') {
    const o = s.dialogues.outcome;
    const day = (iso: string) => formatDate(new Date(`${iso}T12:00:00Z`), ctx.locale, ctx.timeZone);
    return card(
      [
        heading(o.summaryTitle(notice.unitName)),
        // In the agenda's order (stored notes come back in Postgres's own key order).
        facts(
          TOPICS.filter((topic) => notice.notes[topic] !== undefined).map((topic) => [
            s.dialogues.topics[topic] ?? topic,
            notice.notes[topic],
          ]),
        ),
        para(o.agreements, { weight: 'Bolder', spacing: 'Medium' }),
        ...(notice.agreements.length
          ? notice.agreements.map((a) =>
              para(s.dialogues.card.agreementLine(a.text, a.ownerName, day(a.dueOn)), { spacing: 'None' }),
            )
          : [para(o.noAgreements, { isSubtle: true })]),
      ],
      [execute(s.dialogues.actions.view, 'dialogue.view', { dialogueId: notice.dialogueId })],
    );
  }
  if (notice.kind === 'channelNeedsAdmin') {
    const ch = s.clusters.channel;
    return card(
      [
        heading(ch.adminTitle(notice.clusterName)),
        para(ch.waiting[notice.reason] ?? ''),
        para(ch.adminBody, { isSubtle: true }),
      ],
      [execute(s.clusters.actions.view, 'cluster.view', { clusterId: notice.clusterId })],
    );
  }
  if (notice.kind === 'agreementsDue') {
    const o = s.dialogues.outcome;
    return card(
      [
        heading(o.agreementsDueTitle),
        para(o.agreementsDueBody),
        facts(notice.agreements.slice(0, 20).map((a) => [day(a.dueOn), `${a.text} (${a.unitName})`])),
      ],
      notice.agreements
        .slice(0, 5)
        .map((a) =>
          execute(
            `${o.markDone}: ${a.text.length > 30 ? `${a.text.slice(0, 29)}…` : a.text}`,
            'dialogue.agreement.done',
            { agreementId: a.id },
          ),
        ),
    );
  }
  if (notice.kind === 'initiativesOverdue') {
    const shown = notice.initiatives.slice(0, 5);
    return card(
      [
        heading(n.overdueTitle),
        para(n.overdueBody),
        facts(notice.initiatives.slice(0, 20).map((i) => [day(i.nextReviewOn), `${i.title} (${i.clusterName})`])),
      ],
      shown.map((i) =>
        execute(i.title.length > 40 ? `${i.title.slice(0, 39)}…` : i.title, 'initiative.view', { initiativeId: i.id }),
      ),
    );
  }
  if (notice.kind === 'stoppedWithoutLearning') {
    return card(
      [
        heading(n.stoppedTitle),
        para(n.stoppedBody),
        facts(notice.initiatives.slice(0, 20).map((i) => [i.clusterName, i.title])),
      ],
      notice.initiatives
        .slice(0, 5)
        .map((i) =>
          execute(
            `${s.portfolio.actions.logLearning}: ${i.title.length > 30 ? `${i.title.slice(0, 29)}…` : i.title}`,
            'learning.form.open',
            { initiativeId: i.id },
          ),
        ),
    );
  }
  if (notice.kind === 'followDigest') return followerDigestCard(ctx, notice);
  if (notice.kind === 'answerOverdue') {
    const c = s.following.clock;
    const expected = formatDate(new Date(notice.expectedBy), ctx.locale, ctx.timeZone);
    return card(
      [
        heading(c.overdueTitle),
        para(c.overdueBody(notice.title, notice.days, expected)),
        ...(notice.medianDays !== null ? [para(c.median(notice.medianDays), { isSubtle: true })] : []),
      ],
      [
        execute(s.following.actions.history, 'history.view', { missionId: notice.missionId, page: -1 }),
        execute(s.actions.myMissions, 'missions.list', { scope: 'mine' }),
      ],
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
