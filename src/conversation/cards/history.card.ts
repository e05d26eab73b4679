import { eventTarget, type HistoryEvent } from '../../domain/history.js';
import type { Notice } from '../../domain/notice.js';
import { formatDate, formatTime } from '../../i18n/i18n.js';
import { describeEvent, type TextContext } from '../../i18n/history-text.js';
import type { FollowedItem, PersonSettings } from '../../services/following.service.js';
import type { HistoryPage } from '../../services/history.service.js';
import {
  actionSet,
  card,
  container,
  execute,
  good,
  heading,
  para,
  rowWithActions,
  subtle,
  type Card,
  type Element,
} from './card-kit.js';
import { navigation, type CardContext } from './card-context.js';

/**
 * When each event happened, as its block shows it: the day, and the time too where several events on the list
 * share that day (so "4. dec. 2026" five times becomes five times of day).
 */
function eventStamps(ctx: TextContext, events: readonly HistoryEvent[]): string[] {
  const days = events.map((e) => formatDate(new Date(e.at), ctx.locale, ctx.timeZone));
  return events.map((e, i) =>
    days.indexOf(days[i]) !== days.lastIndexOf(days[i])
      ? `${days[i]} ${formatTime(new Date(e.at), ctx.locale, ctx.timeZone)}`
      : days[i],
  );
}

/** A list of events as blocks, each stamped (eventStamps). */
export function eventBlocks(ctx: TextContext, events: readonly HistoryEvent[]): Element[] {
  const stamps = eventStamps(ctx, events);
  return events.map((e, i) => eventBlock(ctx, e, i === 0, stamps[i]));
}

/** One event as a small block that opens its own card (the initiative, the cluster, the mission's history). */
function eventBlock(ctx: TextContext, e: HistoryEvent, first: boolean, stamp: string): Element {
  const { line, detail } = describeEvent(ctx, e);
  const target = eventTarget(e);
  return container(
    [
      subtle(stamp),
      para(line, { spacing: 'None' }),
      ...(detail ? [para(detail, { isSubtle: true, size: 'Small', spacing: 'None', maxLines: 3 })] : []),
    ],
    {
      spacing: first ? 'Medium' : 'Small',
      ...(target ? { selectAction: execute(ctx.s.following.actions.open, target.verb, target.data) } : {}),
    },
  );
}

/** "Følg" or "Følg ikke længere", with where to come back to. */
export function followButton(
  ctx: CardContext,
  entity: 'mission' | 'cluster',
  id: string,
  following: boolean,
  back: Record<string, unknown>,
): Element {
  const a = ctx.s.following.actions;
  return execute(
    following ? a.unfollow : a.follow,
    'follow.set',
    { entity, id, follow: !following, ...back },
    { associatedInputs: 'none' },
  );
}

/** "Historik": the mission's way from proposal to learning, a page at a time, oldest first on each page. */
export function historyCard(ctx: CardContext, h: HistoryPage, notice?: string): Card {
  const t = ctx.s.following;
  const body: Element[] = [heading(t.history.title(h.mission.title)), subtle(t.history.intro)];
  if (notice) body.push(good(notice));
  if (h.mission.followedByViewer) body.push(para(t.follow.following, { color: 'Good', size: 'Small' }));
  if (h.events.length === 0) body.push(para(t.history.empty, { isSubtle: true }));
  body.push(...eventBlocks(ctx, h.events));
  const paging: Element[] = [];
  const to = (title: string, page: number) =>
    execute(title, 'history.view', { missionId: h.mission.id, page }, { associatedInputs: 'none' });
  if (h.page > 0) paging.push(to(t.actions.earlier, h.page - 1));
  if (h.page < h.pages - 1) paging.push(to(t.actions.later, h.page + 1));
  if (h.page > 1) paging.push(to(t.actions.fromStart, 0));
  if (h.page < h.pages - 2) paging.push(to(t.actions.newest, h.pages - 1));
  if (h.pages > 1) body.push(subtle(t.history.pageOf(h.page + 1, h.pages, h.total)));
  body.push(
    actionSet([
      ...paging,
      followButton(ctx, 'mission', h.mission.id, h.mission.followedByViewer, { back: 'history', page: h.page }),
    ]),
  );
  return card(body, navigation(ctx));
}

/** "Indstillinger": how often the digest comes, whether one's name shows as a contributor, and what one follows. */
export function settingsCard(
  ctx: CardContext,
  settings: PersonSettings,
  followed: FollowedItem[],
  feedback: { notice?: string; problem?: string } = {},
): Card {
  const t = ctx.s.following.settings;
  const shown = followed.slice(0, 15);
  const body: Element[] = [heading(t.title)];
  if (feedback.notice) body.push(good(feedback.notice));
  if (feedback.problem) body.push(para(feedback.problem, { color: 'Attention' }));
  body.push(
    {
      type: 'Input.ChoiceSet',
      id: 'digest',
      label: t.digestLabel,
      style: 'expanded',
      isRequired: true,
      errorMessage: t.invalid,
      value: settings.digest,
      choices: (['weekly', 'fortnightly', 'off'] as const).map((v) => ({ title: t.digest[v], value: v })),
    },
    {
      type: 'Input.Toggle',
      id: 'showSupport',
      title: t.showSupport,
      value: settings.showSupport ? 'true' : 'false',
      valueOn: 'true',
      valueOff: 'false',
    },
    subtle(t.showSupportNote),
    actionSet([execute(ctx.s.following.actions.save, 'settings.save', {}, { style: 'positive' })]),
    para(t.followedTitle, { weight: 'Bolder', spacing: 'Large' }),
  );
  if (shown.length === 0) body.push(para(t.noneFollowed, { isSubtle: true }));
  for (const f of shown)
    body.push(
      rowWithActions(
        [para(`${f.entity === 'mission' ? t.mission : t.cluster}: ${f.title}`, { spacing: 'None' })],
        [followButton(ctx, f.entity, f.id, true, { back: 'settings' })],
      ),
    );
  if (followed.length > shown.length) body.push(subtle(t.more(followed.length - shown.length)));
  return card(body, navigation(ctx));
}

type DigestNotice = Extract<Notice, { kind: 'followDigest' }>;

/** Teams refuses a card above 28 KB; the digest keeps a margin under it. */
const DIGEST_CARD_BYTES = 26 * 1024;

/**
 * "Nyt fra det, du følger": per mission or cluster, what happened since the last digest, each opening its card.
 * Should the news not fit in one card, the last followed things are only counted ("… også nyt i 2 andre").
 */
export function followerDigestCard(ctx: TextContext, n: DigestNotice): Card {
  let shown = n;
  let built = digestCardOf(ctx, shown);
  while (shown.entities.length > 1 && Buffer.byteLength(JSON.stringify(built)) > DIGEST_CARD_BYTES) {
    shown = { ...shown, entities: shown.entities.slice(0, -1), moreEntities: shown.moreEntities + 1 };
    built = digestCardOf(ctx, shown);
  }
  return built;
}

function digestCardOf(ctx: TextContext, n: DigestNotice): Card {
  const t = ctx.s.following;
  const body: Element[] = [
    heading(t.digest.title),
    subtle(t.digest.intro(formatDate(new Date(n.since), ctx.locale, ctx.timeZone))),
  ];
  n.entities.forEach((entity, i) => {
    const open =
      entity.entity === 'mission'
        ? execute(t.actions.history, 'history.view', { missionId: entity.id, page: -1 })
        : execute(t.actions.open, 'cluster.view', { clusterId: entity.id });
    body.push(
      container(
        [
          para(entity.entity === 'mission' ? entity.title : t.digest.cluster(entity.title), {
            weight: 'Bolder',
            spacing: 'None',
          }),
          ...eventBlocks(ctx, entity.events),
          ...(entity.more > 0 ? [subtle(t.digest.more(entity.more))] : []),
          actionSet([open], { spacing: 'Small' }),
        ],
        { separator: i > 0, spacing: i === 0 ? 'Medium' : 'Large' },
      ),
    );
  });
  if (n.moreEntities > 0) body.push(para(t.digest.moreEntities(n.moreEntities), { spacing: 'Large' }));
  body.push(subtle(t.digest.footer));
  return card(body, [
    execute(t.actions.settings, 'settings.open', {}, { associatedInputs: 'none' }),
    execute(ctx.s.actions.myMissions, 'missions.list', { scope: 'mine' }),
  ]);
}
