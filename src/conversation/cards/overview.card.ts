import { problemLabel, trackLabel } from '../../domain/framework.js';
import { OVERVIEW_PERIODS, type PeriodError } from '../../domain/overview.js';
import { REVIEW_DECISIONS } from '../../domain/portfolio.js';
import { canDecideMissions } from '../../domain/roles.js';
import type { DigestPage, OverviewPage } from '../../services/overview.service.js';
import { formatDate } from '../../i18n/i18n.js';
import {
  actionSet,
  attention,
  card,
  container,
  execute,
  facts,
  heading,
  para,
  subtle,
  type Card,
  type Element,
} from './card-kit.js';
import type { CardContext } from './card-context.js';

const LEARNINGS_ON_CARD = 12;
const bold = (text: string, spacing = 'Medium'): Element => para(text, { weight: 'Bolder', spacing });
const day = (ctx: CardContext, iso: string) => formatDate(new Date(`${iso}T12:00:00Z`), ctx.locale, ctx.timeZone);

/** The whole picture for the group management and directors. */
export function overviewCard(ctx: CardContext, o: OverviewPage): Card {
  const t = ctx.s.overview;
  const p = ctx.s.portfolio;
  const uncovered = o.uncovered.map((id) => problemLabel(ctx.framework, id, ctx.locale));
  const decisionLine = (
    counts: Record<string, number | undefined>,
    labels: Record<string, string>,
    order: readonly string[],
  ) => {
    const parts = order.filter((k) => counts[k]).map((k) => `${labels[k] ?? k} ${counts[k]}`);
    return parts.length ? parts.join(' · ') : t.noDecisions;
  };
  const body: Element[] = [
    heading(t.title),
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            {
              type: 'Input.ChoiceSet',
              id: 'days',
              label: t.periodLabel,
              style: 'compact',
              choices: OVERVIEW_PERIODS.map((d) => ({ title: t.periodChoice(d), value: String(d) })),
              value: String(o.days),
            },
          ],
        },
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'Bottom',
          items: [actionSet([execute(t.show, 'overview.view', {}, { associatedInputs: 'auto' })])],
        },
      ],
    },
    bold(t.byTrack),
    facts(
      o.tracks.map((x) => [trackLabel(ctx.framework, x.track, ctx.locale), t.trackLine(x.initiatives, x.clusters)]),
    ),
    bold(t.byProblem),
    facts(o.problems.map((x) => [problemLabel(ctx.framework, x.problem, ctx.locale), String(x.initiatives)])),
    uncovered.length
      ? para(t.uncovered(uncovered.join(', ')), { color: 'Attention', spacing: 'Small' })
      : subtle(t.allCovered),
    bold(t.unitLoad),
    o.unitLoad.length
      ? facts(o.unitLoad.map((u) => [u.unitName, t.unitLine(u.clusters, u.initiatives)]))
      : subtle(t.noUnits),
    bold(`${t.decisions} (${t.periodChoice(o.days).toLowerCase()})`),
    facts([
      [t.portfolioDecisions, decisionLine(o.reviewDecisions, p.decision, REVIEW_DECISIONS)],
      [
        t.missionDecisions,
        decisionLine(o.missionDecisions, ctx.s.status, ['concretising', 'active', 'declined', 'concluded']),
      ],
    ]),
  ];
  if (o.recentDecisions.length) {
    body.push(
      container(
        o.recentDecisions.map((d) =>
          subtle(
            t.recentLine(
              p.decision[d.decision],
              d.initiativeTitle,
              d.clusterName,
              d.byName,
              formatDate(d.at, ctx.locale, ctx.timeZone),
            ),
          ),
        ),
        { spacing: 'Small' },
      ),
    );
  }
  body.push(
    bold(t.unanswered),
    para(t.unansweredLine(o.unanswered.count), {
      spacing: 'None',
      ...(o.unanswered.count ? { color: 'Warning' } : {}),
    }),
  );
  if (o.unanswered.oldest.length) {
    body.push(
      facts(
        o.unanswered.oldest.map((m) => [t.waitingSince(formatDate(m.createdAt, ctx.locale, ctx.timeZone)), m.title]),
      ),
    );
  }
  body.push(...answerTimeLines(ctx, o));
  const actions = [execute(t.toDigest, 'digest.view', {}, { associatedInputs: 'none' })];
  if (o.unanswered.count && canDecideMissions(ctx.viewer.roles))
    actions.push(execute(ctx.s.actions.decisions, 'decisions.list', {}, { associatedInputs: 'none' }));
  return card(body, actions);
}

/** The Ledertræf digest: the period, counts per track and problem, the newest learnings, and the downloads. */
export function digestCard(ctx: CardContext, d: DigestPage | { error: PeriodError; from: string; to: string }): Card {
  const t = ctx.s.overview.digest;
  const body: Element[] = [
    heading(t.title),
    subtle(t.intro),
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [{ type: 'Input.Date', id: 'digestFrom', label: t.fromLabel, value: d.from }],
        },
        {
          type: 'Column',
          width: 'stretch',
          items: [{ type: 'Input.Date', id: 'digestTo', label: t.toLabel, value: d.to }],
        },
      ],
    },
    actionSet([execute(t.showPeriod, 'digest.view', {}, { associatedInputs: 'auto' })]),
  ];
  if ('error' in d) {
    body.push(attention(t.errors[d.error]));
    return card(body);
  }
  body.push(
    bold(t.range(day(ctx, d.from), day(ctx, d.to))),
    para(d.learnings.length ? t.total(d.learnings.length, d.clusterCount) : t.empty, { spacing: 'None' }),
  );
  // A learning about two hard problems is listed under each: "more" counts learnings, as the total does.
  let shown = 0;
  const shownIds = new Set<string>();
  for (const g of d.groups) {
    body.push(bold(trackLabel(ctx.framework, g.track, ctx.locale), 'Large'));
    for (const pg of g.problems) {
      body.push(
        para(`${problemLabel(ctx.framework, pg.problem, ctx.locale)} (${t.groupCount(pg.learnings.length)})`, {
          weight: 'Bolder',
          size: 'Small',
          spacing: 'Small',
        }),
      );
      for (const l of pg.learnings.slice(0, 2)) {
        if (shown >= LEARNINGS_ON_CARD) break;
        shown++;
        shownIds.add(l.id);
        body.push(
          para(`${l.initiativeTitle}: ${l.happened}`, { spacing: 'None', maxLines: 3 }),
          subtle(t.by(l.authorName, l.clusterName, formatDate(l.createdAt, ctx.locale, ctx.timeZone))),
        );
      }
    }
  }
  const notShown = d.learnings.filter((l) => !shownIds.has(l.id)).length;
  if (notShown > 0) body.push(subtle(t.moreInDocument(notShown)));
  const actions: Element[] = [];
  if (d.links) {
    body.push(
      para(t.linkValid(formatDate(d.links.expiresAt, ctx.locale, ctx.timeZone)), {
        isSubtle: true,
        size: 'Small',
        spacing: 'Medium',
        separator: true,
      }),
    );
    actions.push(
      { type: 'Action.OpenUrl', title: t.downloadMarkdown, url: d.links.md },
      { type: 'Action.OpenUrl', title: t.downloadHtml, url: d.links.html },
    );
  }
  return card(body, actions);
}

/** The answer clock: median time to a decision over the last 90 days, and how long the oldest has waited. */
function answerTimeLines(ctx: CardContext, o: OverviewPage, now = new Date()): Element[] {
  const a = ctx.s.following.overview;
  const median = o.answerTime.medianDays;
  const oldest = o.unanswered.oldest[0];
  return [
    bold(a.answerTitle),
    para(median === null ? a.noDecisions : `${a.median(median)} (${a.decided(o.answerTime.decided)})`, {
      spacing: 'None',
    }),
    // With none open, "Forslag uden svar" above has said so already.
    ...(oldest
      ? [
          para(a.oldest(oldest.title, (now.getTime() - oldest.createdAt.getTime()) / 86_400_000), {
            spacing: 'None',
            color: 'Warning',
          }),
        ]
      : []),
  ];
}
