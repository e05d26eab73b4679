import { randomUUID } from 'node:crypto';
import type { Framework } from '../domain/framework.js';
import { LIMITS } from '../domain/mission.js';
import type { MissionService } from '../services/missions.service.js';
import type { Viewer } from '../ports/services.port.js';
import type { SearchService } from '../services/search.service.js';
import { entityUrl, parseEntityUrl } from '../web/app-links.js';
import { cardContext, type CardContext } from './cards/card-context.js';
import type { Card } from './cards/card-kit.js';
import { proposeDialogCard, type FormValues } from './cards/propose-form.card.js';
import { resultAttachment, type ResultAttachment } from './cards/search-result.card.js';

/** Command ids as the manifest declares them. */
export const SEARCH_COMMAND = 'search';
export const PROPOSE_COMMAND = 'proposeFromMessage';

export interface MessageExtensionDeps {
  search: SearchService;
  missions: MissionService;
  framework: Framework;
  timeZone: string;
  /** Where the app's own links point (the public address, or where it listens locally). */
  baseUrl(): string;
}

export interface QueryValue {
  commandId?: string;
  parameters?: { name?: string; value?: unknown }[];
  queryOptions?: { skip?: number; count?: number };
}

export interface ActionValue {
  commandId?: string;
  data?: Record<string, unknown>;
  messagePayload?: { body?: { content?: string; contentType?: string }; subject?: string | null };
}

type ResultResponse = {
  composeExtension:
    { type: 'result'; attachmentLayout: 'list'; attachments: ResultAttachment[] } | { type: 'message'; text: string };
};
type TaskResponse = {
  task:
    | {
        type: 'continue';
        value: { title: string; height: 'large'; width: 'medium'; card: { contentType: string; content: Card } };
      }
    | { type: 'message'; value: string };
};

const results = (attachments: ResultAttachment[]): ResultResponse => ({
  composeExtension: { type: 'result', attachmentLayout: 'list', attachments },
});

/** Message text arrives as Teams HTML; the form wants plain text. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

/** A title from the message's first line, cut at a word so it fits; the whole text becomes the ambition. */
export function prefillFromMessage(text: string): FormValues {
  const first = text.split('\n')[0].trim();
  const sentence = /^(.{5,}?[.!?])(\s|$)/.exec(first)?.[1] ?? first;
  const cut = (v: string, max: number) => (v.length <= max ? v : `${v.slice(0, max - 1).replace(/\s+\S*$/, '')}…`);
  return { title: cut(sentence, LIMITS.title.max), ambition: cut(text, LIMITS.ambition.max) };
}

/** Search, "propose a mission from this message" and previews of the app's own links. */
export function createMessageExtension(deps: MessageExtensionDeps) {
  const ctxFor = (viewer: Viewer) => cardContext(viewer, deps.framework, deps.timeZone);
  const dialog = (ctx: CardContext, card: Card): TaskResponse => ({
    task: {
      type: 'continue',
      value: {
        title: ctx.s.search.proposeTitle,
        height: 'large',
        width: 'medium',
        card: { contentType: 'application/vnd.microsoft.card.adaptive', content: card },
      },
    },
  });

  return {
    async query(viewer: Viewer, value: QueryValue): Promise<ResultResponse> {
      const ctx = ctxFor(viewer);
      if (value.commandId !== SEARCH_COMMAND)
        return { composeExtension: { type: 'message', text: ctx.s.search.unknownCommand } };
      const param = (name: string) => {
        const v = value.parameters?.find((p) => p.name === name)?.value;
        return typeof v === 'string' ? v : undefined;
      };
      // Teams sends "initialRun" as the text when the box opens empty: that means "show what is new".
      const raw = value.parameters?.find((p) => p.name !== 'kind' && p.name !== 'track')?.value;
      const text = typeof raw === 'string' && raw !== 'true' ? raw : '';
      const hits = await deps.search.search(
        text,
        { kind: param('kind'), track: param('track') },
        value.queryOptions?.skip ?? 0,
        value.queryOptions?.count ?? 25,
      );
      return results(hits.map((h) => resultAttachment(ctx, h, entityUrl(deps.baseUrl(), h.kind, h.id))));
    },

    /** What the search box says when a search could not be done (the log has the reference). */
    failed(viewer: Viewer, ref: string): ResultResponse {
      return { composeExtension: { type: 'message', text: ctxFor(viewer).s.search.failed(ref) } };
    },

    async link(viewer: Viewer, url: string): Promise<ResultResponse> {
      const ours = parseEntityUrl(deps.baseUrl(), url);
      const hit = ours && (await deps.search.find(ours.kind, ours.id));
      return results(hit ? [resultAttachment(ctxFor(viewer), hit, entityUrl(deps.baseUrl(), hit.kind, hit.id))] : []);
    },

    fetchTask(viewer: Viewer, value: ActionValue): TaskResponse {
      const ctx = ctxFor(viewer);
      if (value.commandId !== PROPOSE_COMMAND) return { task: { type: 'message', value: ctx.s.search.unknownCommand } };
      const body = value.messagePayload?.body;
      const text = body?.content ? (body.contentType === 'text' ? body.content.trim() : plainText(body.content)) : '';
      // A new form id per dialog: a double click or a retried submit of this dialog creates one proposal.
      return dialog(ctx, proposeDialogCard(ctx, randomUUID(), text ? prefillFromMessage(text) : {}));
    },

    async submit(viewer: Viewer, value: ActionValue): Promise<TaskResponse> {
      const ctx = ctxFor(viewer);
      const data = value.data ?? {};
      const formId = typeof data.formId === 'string' ? data.formId : '';
      if (value.commandId !== PROPOSE_COMMAND || data.verb !== 'propose.submit' || !/^[0-9a-f-]{36}$/i.test(formId)) {
        return { task: { type: 'message', value: ctx.s.search.unknownCommand } };
      }
      const result = await deps.missions.propose(viewer, formId, data);
      if (!result.ok) return dialog(ctx, proposeDialogCard(ctx, formId, data, result.errors));
      return { task: { type: 'message', value: ctx.s.search.proposed(result.mission.title) } };
    },
  };
}

export type MessageExtension = ReturnType<typeof createMessageExtension>;
