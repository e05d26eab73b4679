import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { FrameworkSchema } from '../../src/domain/framework.js';
import type { Role } from '../../src/domain/roles.js';
import type { MissionView } from '../../src/store/missions.repository.js';
import { KNOWN_VERBS } from '../../src/teams/actions.js';
import { cardContext } from '../../src/teams/cards/card-context.js';
import { decisionQueueCard } from '../../src/teams/cards/decision-queue.card.js';
import { helpCard, messageCard } from '../../src/teams/cards/help.card.js';
import { missionListCard } from '../../src/teams/cards/mission-list.card.js';
import { noticeCard } from '../../src/teams/cards/notice.card.js';
import { proposalConfirmationCard, proposeFormCard } from '../../src/teams/cards/propose-form.card.js';
import { welcomeCard } from '../../src/teams/cards/welcome.card.js';
import { cardProblems } from '../support/card-check.js';
import { cardText } from '../support/test-app.js';

const framework = FrameworkSchema.parse(JSON.parse(readFileSync('config/frameworks/skanderborg.json', 'utf8')));
const FORM_ID = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';

function mission(i: number, over: Partial<MissionView> = {}): MissionView {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    title: `Mission nr. ${i} med *stjerner* og [link](http://x)`,
    ambition: 'Lang ambition '.repeat(100),
    obstacles: 'Forhindringer',
    focus: 'citizens',
    track: i % 2 ? 'welfare' : 'workplace',
    problems: ['climate', 'labour', 'wellbeing'],
    status: 'proposed',
    proposerId: 'someone-else',
    proposerName: 'Lars Nielsen',
    decisionReason: i === 3 ? 'Begrundelse for beslutningen' : null,
    decidedById: null,
    decidedAt: null,
    createdAt: new Date('2026-10-01T10:00:00Z'),
    supporterCount: i,
    supportedByViewer: i === 2,
    ...over,
  };
}

function everyCard(locale: 'da' | 'en', roles: Role[]) {
  const ctx = cardContext({ id: 'viewer', name: 'Henrik', roles, locale }, framework, 'Europe/Copenhagen');
  const five = [1, 2, 3, 4, 5].map((i) => mission(i));
  return {
    welcome: welcomeCard(ctx),
    help: helpCard(ctx),
    helpNotUnderstood: helpCard(ctx, ctx.s.help.notUnderstood('kaffe')),
    message: messageCard(ctx, 'Besked', 'attention'),
    form: proposeFormCard(ctx, FORM_ID),
    formWithErrors: proposeFormCard(ctx, FORM_ID, { title: 'ab', problems: 'climate,labour' }, { title: 'tooShort', ambition: 'required', obstacles: 'tooLong', focus: 'required', track: 'unknownChoice', problems: 'chooseAtLeastOne' }),
    confirmation: proposalConfirmationCard(ctx, { id: five[0].id, title: 'Titel', status: 'proposed' }),
    listEmpty: missionListCard(ctx, { scope: 'mine', page: 0 }, { items: [], page: 0, hasMore: false }),
    listFull: missionListCard(ctx, { scope: 'all', page: 1, track: 'welfare', problem: 'climate' }, { items: five, page: 1, hasMore: true }, 'Tak!'),
    queueEmpty: decisionQueueCard(ctx, { items: [], page: 0, hasMore: false }),
    queueFull: decisionQueueCard(ctx, { items: five.map((m, i) => ({ ...m, status: i % 2 ? 'concretising' : 'proposed' })), page: 2, hasMore: true }, { error: { missionId: five[1].id, code: 'required', reason: '' }, notice: 'Besluttet' }),
    noticeDecided: noticeCard(ctx, { kind: 'missionDecided', missionId: five[0].id, title: 'T', decision: 'declined', reason: 'Fordi', deciderName: 'Mette' }),
    noticeOverdue: noticeCard(ctx, { kind: 'decisionsOverdue', days: 14, missions: five.map((m) => ({ id: m.id, title: m.title, createdAt: m.createdAt.toISOString() })) }),
  };
}

describe.each(['da', 'en'] as const)('every card the bot sends, in %s', (locale) => {
  const cards = everyCard(locale, ['employee', 'groupManagement']);
  it.each(Object.keys(cards))('%s is valid for Teams', (name) => {
    expect(cardProblems((cards as Record<string, unknown>)[name], KNOWN_VERBS)).toEqual([]);
  });
});

describe('card language and content', () => {
  it('has a Danish and an English text for every card, and they differ', () => {
    const da = everyCard('da', ['employee']);
    const en = everyCard('en', ['employee']);
    for (const name of Object.keys(da) as (keyof typeof da)[]) {
      if (name === 'message') continue;
      expect(cardText(da[name])).not.toEqual(cardText(en[name]));
    }
    expect(cardText(da.welcome)).toContain('Velkommen');
    expect(cardText(en.welcome)).toContain('Welcome');
  });

  it('offers "Til beslutning" only to people who may decide', () => {
    expect(cardText(everyCard('da', ['employee']).welcome)).not.toContain('Til beslutning');
    expect(cardText(everyCard('da', ['groupManagement']).welcome)).toContain('Til beslutning');
  });

  it('shows user text literally: markdown in a title cannot style or link', () => {
    const text = JSON.stringify(everyCard('da', ['employee']).listFull);
    expect(text).toContain('\\\\*stjerner\\\\*');
    expect(text).toContain('\\\\[link\\\\]');
  });

  it('catches what Teams would reject', () => {
    const broken = { type: 'AdaptiveCard', version: '1.6', body: [{ type: 'Input.Text' }, { type: 'Input.Text', id: 'a' }, { type: 'Input.Text', id: 'a' }], actions: [{ type: 'Action.Execute', verb: 'nope', title: 'x' }] };
    const problems = cardProblems(broken, KNOWN_VERBS).join('\n');
    expect(problems).toContain('above 1.5');
    expect(problems).toContain('without id');
    expect(problems).toContain('duplicate input ids: a');
    expect(problems).toContain('unknown verb nope');
  });
});
