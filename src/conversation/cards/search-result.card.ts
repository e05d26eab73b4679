import { trackLabel } from '../../domain/framework.js';
import { escapeHtml } from '../../lib/html.js';
import type { SearchHit } from '../../views/search.js';
import { card, para, subtle, type Card } from './card-kit.js';
import type { CardContext } from './card-context.js';

export interface ResultAttachment {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: Card;
  preview: { contentType: 'application/vnd.microsoft.card.thumbnail'; content: { title: string; text: string } };
}

function stateLabel(ctx: CardContext, hit: SearchHit): string {
  if (hit.kind === 'initiative') return ctx.s.portfolio.stage[hit.state] ?? hit.state;
  return (ctx.s.status as Record<string, string>)[hit.state] ?? hit.state;
}

/** The card a search result or a pasted link becomes: what it is, where it belongs, and a way in. */
export function searchResultCard(ctx: CardContext, hit: SearchHit, url: string): Card {
  const s = ctx.s.search;
  const meta = [kindLabel(ctx, hit), trackLabel(ctx.framework, hit.track, ctx.locale), stateLabel(ctx, hit)].join(
    ' · ',
  );
  const belongs =
    hit.kind === 'initiative' && hit.clusterName
      ? s.inCluster(hit.clusterName)
      : hit.kind !== 'mission'
        ? s.ofMission(hit.missionTitle)
        : undefined;
  return card(
    [
      subtle(meta),
      para(hit.title, { weight: 'Bolder', size: 'Medium', spacing: 'Small' }),
      ...(belongs ? [subtle(belongs)] : []),
      para(hit.text, { maxLines: 3, spacing: 'Small' }),
    ],
    [
      { type: 'Action.OpenUrl', title: s.open, url },
      // A mission's "Historik" opens in the portfolio tab (a link card reaches everyone in the conversation).
      ...(hit.kind === 'mission'
        ? [{ type: 'Action.OpenUrl', title: ctx.s.following.actions.history, url: `${url}/history` }]
        : []),
    ],
  );
}

/** The compose-box list shows the preview; the card goes into the message when picked. */
export function resultAttachment(ctx: CardContext, hit: SearchHit, url: string): ResultAttachment {
  const short = hit.text.length > 120 ? `${hit.text.slice(0, 117).trimEnd()}…` : hit.text;
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: searchResultCard(ctx, hit, url),
    preview: {
      contentType: 'application/vnd.microsoft.card.thumbnail',
      // Teams reads a thumbnail card's text as simple HTML: what people typed stays text.
      content: {
        title: escapeHtml(hit.title),
        text: escapeHtml(`${kindLabel(ctx, hit)} · ${trackLabel(ctx.framework, hit.track, ctx.locale)} — ${short}`),
      },
    },
  };
}

/** "Mission", "Klynge", or the portfolio item's own kind: a prøvehandling is not called "Indsats". */
function kindLabel(ctx: CardContext, hit: SearchHit): string {
  if (hit.kind === 'initiative' && hit.initiativeKind)
    return ctx.s.portfolio.kind[hit.initiativeKind] ?? ctx.s.search.kind.initiative;
  return ctx.s.search.kind[hit.kind];
}
