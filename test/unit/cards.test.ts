import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { FrameworkSchema } from '../../src/domain/framework.js';
import type { Role } from '../../src/domain/roles.js';
import type { MissionView } from '../../src/views/missions.js';
import { KNOWN_VERBS } from '../../src/conversation/actions.js';
import { cardContext } from '../../src/conversation/cards/card-context.js';
import { decisionQueueCard } from '../../src/conversation/cards/decision-queue.card.js';
import { helpCard, messageCard, personalOnlyCard } from '../../src/conversation/cards/help.card.js';
import { missionListCard } from '../../src/conversation/cards/mission-list.card.js';
import { noticeCard } from '../../src/conversation/cards/notice.card.js';
import { proposalConfirmationCard, proposeFormCard } from '../../src/conversation/cards/propose-form.card.js';
import { welcomeCard } from '../../src/conversation/cards/welcome.card.js';
import type { ClusterView } from '../../src/views/clusters.js';
import { clusterFormCard } from '../../src/conversation/cards/cluster-form.card.js';
import { clusterListCard } from '../../src/conversation/cards/cluster-list.card.js';
import { clusterManageCard } from '../../src/conversation/cards/cluster-manage.card.js';
import { clusterCard, clusterChannelView, clusterStatusCard } from '../../src/conversation/cards/cluster.card.js';
import { initiativeCard, portfolioCard } from '../../src/conversation/cards/portfolio.card.js';
import { initiativeFormCard, learningFormCard } from '../../src/conversation/cards/portfolio-form.card.js';
import { reviewCard, reviewItemCard } from '../../src/conversation/cards/review.card.js';
import type { InitiativeView, Learning, ReviewView } from '../../src/views/portfolio.js';
import type { Stage } from '../../src/domain/portfolio.js';
import { digestCard, overviewCard } from '../../src/conversation/cards/overview.card.js';
import { groupDigest } from '../../src/services/overview.service.js';
import type { DigestLearning } from '../../src/views/overview.js';
import { areaCard } from '../../src/conversation/cards/dialogue/area.card.js';
import { dialogueCard, dialogueListCard } from '../../src/conversation/cards/dialogue/dialogue.card.js';
import { outcomeFormCard } from '../../src/conversation/cards/dialogue/outcome.card.js';
import { planFormCard } from '../../src/conversation/cards/dialogue/plan-form.card.js';
import { slotsCard } from '../../src/conversation/cards/dialogue/slots.card.js';
import type { DialogueView } from '../../src/views/dialogues.js';
import { proposeDialogCard } from '../../src/conversation/cards/propose-form.card.js';
import { searchResultCard } from '../../src/conversation/cards/search-result.card.js';
import type { SearchHit } from '../../src/views/search.js';
import { cardProblems } from '../support/card-check.js';
import type { HistoryEvent } from '../../src/domain/history.js';
import { historyCard, settingsCard } from '../../src/conversation/cards/history.card.js';
import { DIGEST_ENTITIES, DIGEST_EVENTS } from '../../src/services/follower-digest.service.js';
import { cardText, findAction } from '../support/test-app.js';

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
    followedByViewer: i === 2,
    firstDecidedAt: null,
    ...over,
  };
}

/** A cluster as big as Teams allows a private channel to get: 200 members in 9 units, 12 external actors. */
export function bigCluster(over: Partial<ClusterView> = {}): ClusterView {
  const members = Array.from({ length: 200 }, (_, i) => ({
    personId: `p${i}`,
    teamsUserId: `29:p${i}`,
    name: `Medarbejder ${i} Efternavnsen`,
    unitId: `u${i % 9}`,
    unitName: i % 9 === 8 ? null : `Enhed nummer ${i % 9}`,
  }));
  return {
    id: '00000000-0000-4000-8000-00000000c001',
    name: 'Unge i job *Øst*',
    purpose: 'Vi samler skoler, jobcenter og foreninger. '.repeat(20),
    missionId: mission(1).id,
    missionTitle: 'Flere unge i fritidsjob',
    missionStatus: 'active',
    track: 'welfare',
    problems: ['labour'],
    coordinatorId: 'p0',
    coordinatorName: 'Medarbejder 0 Efternavnsen',
    nextReviewOn: '2027-02-20',
    memberCount: members.length,
    version: 3,
    members,
    externals: Array.from({ length: 12 }, (_, i) => ({
      id: `00000000-0000-4000-8000-0000000e00${String(i).padStart(2, '0')}`,
      name: `Ekstern ${i}`,
      organisation: 'Erhvervsforeningen',
      email: i % 2 ? `e${i}@example.org` : null,
      role: i % 3 ? 'Virksomhedskontakt' : null,
    })),
    portfolio: { idea: 2, running: 5, evaluating: 1, scaled: 1, stopped: 3 },
    openReview: { id: '00000000-0000-4000-8000-0000000a0001', decided: 2 },
    lastReview: { closedAt: new Date('2026-08-20T10:00:00Z'), roomForNew: false },
    channel: {
      state: 'ready',
      displayName: 'Unge i job Øst',
      webUrl: 'https://teams.microsoft.com/l/channel/19%3Aabc%40thread.tacv2/Unge?groupId=g',
      lastError: null,
      nextAttemptAt: new Date('2026-11-22T10:00:00Z'),
    },
    ...over,
  };
}

const STAGE_CYCLE: Stage[] = ['idea', 'running', 'running', 'evaluating', 'scaled', 'continued', 'stopped'];
function initiative(i: number, over: Partial<InitiativeView> = {}): InitiativeView {
  return {
    id: `00000000-0000-4000-8000-0000000b${String(i).padStart(4, '0')}`,
    clusterId: bigCluster().id,
    clusterName: 'Unge i job *Øst*',
    kind: (['trialAction', 'initiative', 'effort'] as const)[i % 3],
    title: `Indsats ${i}: fritidsjob via foreningerne i hele kommunen`,
    hypothesis: 'Flere unge får fritidsjob, når foreningerne formidler dem. '.repeat(10),
    problems: ['labour', 'wellbeing'],
    ownerId: `p${i}`,
    ownerName: `Medarbejder ${i} Efternavnsen`,
    units: [{ id: 'u1', name: 'Enhed nummer 1' }],
    stage: STAGE_CYCLE[i % STAGE_CYCLE.length],
    startsOn: i % 2 ? '2026-09-01' : null,
    nextReviewOn: '2027-02-20',
    learningCount: i % 3,
    createdAt: new Date('2026-09-01T10:00:00Z'),
    ...over,
  };
}
const learnings: Learning[] = [1, 2, 3, 4, 5].map((i) => ({
  id: `00000000-0000-4000-8000-0000000d000${i}`,
  initiativeId: initiative(1).id,
  origin: i === 5 ? ('stopped' as const) : ('logged' as const),
  authorName: 'Sofie Larsen',
  tried: 'Vi prøvede at formidle fritidsjob gennem tre foreninger. '.repeat(6),
  happened: '14 unge fik job, men to foreninger havde ikke tid. '.repeat(6),
  advice: i % 2 ? 'Start med én forening og en fast kontaktperson.' : null,
  createdAt: new Date('2026-11-01T10:00:00Z'),
}));
const thirty = Array.from({ length: 30 }, (_, i) => initiative(i + 1));
const review: ReviewView = {
  id: '00000000-0000-4000-8000-0000000a0001',
  clusterId: bigCluster().id,
  trigger: 'requested',
  dueOn: '2026-11-22',
  openedAt: new Date('2026-11-22T09:00:00Z'),
  closedAt: null,
  closedByName: null,
  roomForNew: null,
  note: null,
  decisions: thirty
    .filter((x) => x.stage === 'stopped')
    .map((x) => ({
      initiativeId: x.id,
      relevant: false,
      canCope: true,
      decision: 'stop' as const,
      rationale: 'Bidrager ikke nok til missionen.',
      stageBefore: 'running' as const,
      stageAfter: 'stopped' as const,
      decidedByName: 'Anne Holm',
      decidedAt: new Date('2026-11-22T09:30:00Z'),
    })),
};
const units = Array.from({ length: 120 }, (_, i) => ({ id: `u${i}`, name: `Enhed nummer ${i} med et langt navn` }));

const digestLearningsFixture: DigestLearning[] = Array.from({ length: 400 }, (_, i) => ({
  id: `l${i}`,
  initiativeTitle: `Indsats ${i} med en lang titel om fritidsjob`,
  initiativeKind: 'trialAction',
  stage: 'running',
  origin: 'logged' as const,
  clusterName: `Klynge ${i % 17}`,
  track: i % 2 ? 'welfare' : 'workplace',
  problems: [framework.problems[i % 7].id, framework.problems[(i + 3) % 7].id],
  authorName: 'Sofie Larsen',
  tried: 'Vi prøvede noget nyt. '.repeat(20),
  happened: 'Det virkede for de fleste, men ikke for alle. '.repeat(20),
  advice: null,
  createdAt: new Date('2026-11-01T10:00:00Z'),
}));
const overviewFixture = {
  days: 30,
  since: new Date('2026-10-23T10:00:00Z'),
  byTrack: [],
  byProblem: [],
  tracks: framework.tracks.map((t, i) => ({ track: t.id, initiatives: i * 7, clusters: i + 1 })),
  problems: framework.problems.map((p, i) => ({ problem: p.id, initiatives: i % 3 })),
  uncovered: framework.problems.filter((_, i) => i % 3 === 0).map((p) => p.id),
  unitLoad: Array.from({ length: 15 }, (_, i) => ({
    unitId: `u${i}`,
    unitName: `Enhed nummer ${i} med et langt navn`,
    clusters: 15 - i,
    initiatives: i,
  })),
  reviewDecisions: { continue: 4, stop: 2 },
  recentDecisions: Array.from({ length: 5 }, (_, i) => ({
    initiativeTitle: `Indsats ${i}`,
    clusterName: 'Unge i job',
    decision: 'stop' as const,
    byName: 'Anne',
    at: new Date('2026-11-20T10:00:00Z'),
  })),
  missionDecisions: { active: 3, declined: 1 },
  unanswered: {
    count: 9,
    oldest: Array.from({ length: 5 }, (_, i) => ({
      id: `m${i}`,
      title: `Forslag ${i}`,
      createdAt: new Date('2026-09-01T10:00:00Z'),
    })),
  },
  answerTime: { medianDays: 9.4, decided: 31 },
};

/** One event of every kind, each with the longest texts a history shows. */
function everyEvent(): HistoryEvent[] {
  const at = '2026-11-20T10:00:00Z';
  const long = 'Lang *tekst* '.repeat(40).slice(0, 240);
  const title = 'Titel '.repeat(20).trim();
  const names = ['Anne Sørensen', 'Lars Nielsen', 'Sofie Larsen', 'Peter Hansen', 'Mette Jensen'];
  const ids = { missionId: '00000000-0000-4000-8000-00000000e001' };
  const initiativeId = '00000000-0000-4000-8000-00000000e002';
  const clusterId = '00000000-0000-4000-8000-00000000e003';
  return [
    { kind: 'proposed', at, ...ids, title, by: 'Anne Sørensen' },
    { kind: 'supported', at, ...ids, count: 40, names },
    { kind: 'decided', at, ...ids, to: 'active', reason: long, by: 'Mette Jensen' },
    { kind: 'clusterFormed', at, clusterId, name: title, by: 'Anne Sørensen' },
    { kind: 'joined', at, clusterId, clusterName: title, count: 30, names },
    {
      kind: 'initiativeStarted',
      at,
      initiativeId,
      title,
      initiativeKind: 'trialAction',
      clusterName: title,
      by: 'Lars',
    },
    { kind: 'stageMoved', at, initiativeId, title, from: 'idea', to: 'running', by: 'Lars' },
    { kind: 'reviewDecided', at, initiativeId, title, decision: 'scale', rationale: long, by: 'Anne' },
    { kind: 'learning', at, initiativeId, title, origin: 'logged', text: long, by: 'Lars' },
    { kind: 'learning', at, initiativeId, title, origin: 'stopped', text: long, by: 'Lars' },
    { kind: 'ledertraef', at, from: '2026-08-24', to: '2026-11-22', learnings: 12 },
    { kind: 'concluded', at, ...ids, reason: long, by: 'Mette Jensen' },
  ];
}

const person = (id: string, name: string) => ({ id, name, email: `${id}@kommune.example` });
const dialogueFixture: DialogueView = {
  id: '00000000-0000-4000-8000-0000000dd001',
  unitId: 'skole-syd',
  unitName: 'Skole Syd',
  contractHolder: person('lars', 'Lars Nielsen'),
  departmentHead: person('viewer', 'Henrik Mortensen'),
  director: person('mette', 'Mette Jensen'),
  status: 'scheduled',
  startsAt: new Date('2026-12-01T10:00:00Z'),
  endsAt: new Date('2026-12-01T11:00:00Z'),
  agenda: {
    openAgreements: Array.from({ length: 12 }, (_, i) => ({
      text: `Aftale ${i} om noget vigtigt i driften`,
      ownerName: 'Lars Nielsen',
      dueOn: '2026-12-15',
    })),
    clusters: Array.from({ length: 10 }, (_, i) => ({
      name: `Klynge ${i}`,
      initiatives: Array.from({ length: 7 }, (_, j) => ({ title: `Indsats ${j}`, stage: 'running' })),
    })),
  },
  eventId: 'AAMk1',
  eventTransactionId: '00000000-0000-4000-8000-0000000dd001',
  joinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
  webLink: 'https://outlook.office365.com/owa/?itemid=x',
  calendarState: 'retrying',
  calendarError: 'Microsoft Graph 503',
  calendarNextAt: new Date('2026-11-22T10:05:00Z'),
  calendarAttempts: 2,
  calendarVersion: 2,
  calendarSyncedVersion: 1,
  notes: null,
  outcomeRecordedAt: null,
  outcomeKey: null,
};
const plannable = [
  { id: 'skole-syd', name: 'Skole Syd', leaderId: 'lars', departmentHeadId: 'viewer', directorId: 'mette' },
  { id: 'ungdomsskolen', name: 'Ungdomsskolen', leaderId: 'sofie', departmentHeadId: 'viewer', directorId: 'mette' },
];
const found = (over: object = {}) => ({
  ok: true as const,
  request: { unitId: 'skole-syd', from: '2026-12-01', to: '2026-12-05', duration: 60 },
  suggestedDate: '2026-12-01',
  workingHours: { start: '08:00', end: '16:00' },
  unit: plannable[0],
  people: [person('viewer', 'Henrik Mortensen'), person('lars', 'Lars Nielsen'), person('mette', 'Mette Jensen')],
  slots: [0, 1, 2, 3, 4].map((i) => ({
    start: new Date(Date.UTC(2026, 11, 1 + i, 9)),
    end: new Date(Date.UTC(2026, 11, 1 + i, 10)),
    tentative: i === 4 ? 1 : 0,
  })),
  ...over,
});

function everyCard(locale: 'da' | 'en', roles: Role[]) {
  const ctx = cardContext({ id: 'viewer', name: 'Henrik', roles, locale }, framework, 'Europe/Copenhagen');
  const five = [1, 2, 3, 4, 5].map((i) => mission(i, i === 4 ? { status: 'active', proposerId: 'viewer' } : {}));
  const ten = Array.from({ length: 10 }, (_, i) => mission(i + 1));
  const cluster = bigCluster();
  const asCoordinator = cardContext({ id: 'p0', name: 'Medarbejder 0', roles, locale }, framework, 'Europe/Copenhagen');
  const asMember = cardContext({ id: 'p5', name: 'Medarbejder 5', roles, locale }, framework, 'Europe/Copenhagen');
  const summaries = [1, 2, 3, 4, 5].map((i) => ({
    id: `00000000-0000-4000-8000-00000000c00${i}`,
    name: `Klynge ${i}`,
    missionTitle: 'Mission',
    track: 'welfare',
    coordinatorName: 'Anne',
    memberCount: i,
    isMember: i % 2 === 0,
  }));
  return {
    welcome: welcomeCard(ctx),
    help: helpCard(ctx),
    helpNotUnderstood: helpCard(ctx, ctx.s.help.notUnderstood('kaffe')),
    message: messageCard(ctx, 'Besked', 'attention'),
    personalOnly: personalOnlyCard(ctx, '00000000-0000-4000-8000-000000000001', 'dialogues'),
    personalOnlySettings: personalOnlyCard(ctx, '00000000-0000-4000-8000-000000000001', 'settings'),
    personalOnlyAnswer: personalOnlyCard(ctx, '00000000-0000-4000-8000-000000000001', 'answer'),
    form: proposeFormCard(ctx, FORM_ID),
    formWithErrors: proposeFormCard(
      ctx,
      FORM_ID,
      { title: 'ab', problems: 'climate,labour' },
      {
        title: 'tooShort',
        ambition: 'required',
        obstacles: 'tooLong',
        focus: 'required',
        track: 'unknownChoice',
        problems: 'chooseAtLeastOne',
      },
    ),
    confirmation: proposalConfirmationCard(ctx, { id: five[0].id, title: 'Titel', status: 'proposed' }),
    listEmpty: missionListCard(ctx, { scope: 'mine', page: 0 }, { items: [], page: 0, hasMore: false }),
    listFull: missionListCard(
      ctx,
      { scope: 'all', page: 1, track: 'welfare', problem: 'climate' },
      { items: five, page: 1, hasMore: true },
      'Tak!',
    ),
    queueEmpty: decisionQueueCard(ctx, { page: 0 }, { items: [], page: 0, hasMore: false, waiting: 0, matching: 0 }),
    queueFull: decisionQueueCard(
      ctx,
      { page: 2, track: 'welfare', order: 'newest' },
      {
        items: ten.map((m, i) => ({ ...m, status: i % 2 ? 'concretising' : 'proposed' })),
        page: 2,
        hasMore: true,
        waiting: 84,
        matching: 41,
      },
      { error: { missionId: ten[1].id, code: 'required', reason: '' }, notice: 'Besluttet' },
    ),
    noticeDecided: noticeCard(ctx, {
      kind: 'missionDecided',
      missionId: five[0].id,
      title: 'T',
      decision: 'declined',
      reason: 'Fordi',
      deciderName: 'Mette',
    }),
    clusterOutsider: clusterCard(ctx, cluster, 'Velkommen'),
    clusterMember: clusterCard(asMember, cluster),
    clusterCoordinator: clusterCard(asCoordinator, bigCluster({ channel: null })),
    clusterWaiting: clusterCard(
      ctx,
      bigCluster({
        channel: { ...cluster.channel!, state: 'waiting', webUrl: null, lastError: 'graph-not-configured' },
      }),
    ),
    clusterRetrying: clusterCard(
      ctx,
      bigCluster({
        channel: { ...cluster.channel!, state: 'retrying', webUrl: null, lastError: 'Microsoft Graph 503' },
      }),
    ),
    clusterStatus: clusterStatusCard(ctx, cluster),
    clusterTeamFull: clusterCard(
      asCoordinator,
      bigCluster({ channel: { ...cluster.channel!, state: 'waiting', webUrl: null, lastError: 'team-full' } }),
    ),
    clusterAppMissing: clusterCard(
      asCoordinator,
      bigCluster({ channel: { ...cluster.channel!, state: 'waiting', lastError: 'app-not-in-channel' } }),
    ),
    clusterManyExternals: clusterStatusCard(
      ctx,
      bigCluster({
        externals: Array.from({ length: 400 }, (_, i) => ({
          id: `e${i}`,
          name: `Ekstern ${i}`,
          organisation: 'Organisation '.repeat(9),
          email: null,
          role: 'Rolle '.repeat(20),
        })),
      }),
    ),
    noticeChannelTeamFull: noticeCard(ctx, {
      kind: 'channelNeedsAdmin',
      clusterId: cluster.id,
      clusterName: cluster.name,
      reason: 'team-full',
    }),
    noticeChannelAppMissing: noticeCard(ctx, {
      kind: 'channelNeedsAdmin',
      clusterId: cluster.id,
      clusterName: cluster.name,
      reason: 'app-not-in-channel',
    }),
    clusterChannelView: clusterChannelView(asMember, cluster, 'Velkommen'),
    clusterForm: clusterFormCard(ctx, FORM_ID, five),
    clusterFormOneMission: clusterFormCard(
      ctx,
      FORM_ID,
      [five[0]],
      { name: 'ab' },
      { name: 'tooShort', purpose: 'required', coordinator: 'unknownPerson' },
    ),
    clusterFormNoMissions: clusterFormCard(ctx, FORM_ID, []),
    clusterListMine: clusterListCard(ctx, { scope: 'mine', page: 0 }, { items: [], page: 0, hasMore: false }),
    clusterListAll: clusterListCard(
      ctx,
      { scope: 'all', page: 1, track: 'welfare' },
      { items: summaries, page: 1, hasMore: true },
      'Velkommen',
    ),
    clusterManage: clusterManageCard(asCoordinator, cluster, {
      problem: 'Nej',
      errors: { externalName: 'required', email: 'invalidEmail' },
      values: { email: 'x' },
    }),
    portfolioEmpty: portfolioCard(asMember, { cluster, initiatives: [], review: null, canEdit: true, canLead: false }),
    portfolioFull: portfolioCard(
      asCoordinator,
      { cluster, initiatives: thirty, review, canEdit: true, canLead: true },
      { notice: 'Gemt', problem: 'Nej' },
    ),
    portfolioOutsider: portfolioCard(ctx, {
      cluster,
      initiatives: thirty.slice(0, 5),
      review: null,
      canEdit: false,
      canLead: false,
    }),
    initiativeForm: initiativeFormCard(asMember, FORM_ID, cluster, units, '2026-11-22'),
    initiativeFormErrors: initiativeFormCard(
      asMember,
      FORM_ID,
      cluster,
      units,
      '2026-11-22',
      { title: 'ab', units: 'u100,u3' },
      {
        title: 'tooShort',
        hypothesis: 'required',
        problems: 'chooseAtLeastOne',
        nextReviewOn: 'dateInPast',
        owner: 'unknownPerson',
      },
    ),
    initiative: initiativeCard(
      asMember,
      { cluster, initiative: initiative(1, { learningCount: 12 }), learnings, canEdit: true },
      { notice: 'Flyttet' },
    ),
    initiativeSettled: initiativeCard(ctx, { cluster, initiative: initiative(7), learnings: [], canEdit: false }),
    learningForm: learningFormCard(asMember, FORM_ID, [initiative(1)]),
    learningChooser: learningFormCard(
      asMember,
      FORM_ID,
      thirty,
      { tried: 'x' },
      { initiativeId: 'required', tried: 'tooShort', happened: 'required' },
    ),
    learningNone: learningFormCard(asMember, FORM_ID, []),
    reviewLead: reviewCard(
      asCoordinator,
      { cluster, initiatives: thirty, review, canEdit: true, canLead: true },
      review,
      { problem: '2 mangler' },
      { errors: { roomForNew: 'required' } },
    ),
    reviewMember: reviewCard(asMember, { cluster, initiatives: thirty, review, canEdit: true, canLead: false }, review),
    reviewItem: reviewItemCard(
      asMember,
      review,
      initiative(2, { learningCount: 0 }),
      { decision: 'stop' },
      { learning: 'learningRequired', rationale: 'tooShort' },
    ),
    noticeReview: noticeCard(ctx, {
      kind: 'reviewOpened',
      clusterId: cluster.id,
      clusterName: cluster.name,
      reviewId: review.id,
      openCount: 7,
      trigger: 'cadence',
    }),
    noticeInitiativesOverdue: noticeCard(ctx, {
      kind: 'initiativesOverdue',
      initiatives: thirty.map((x) => ({
        id: x.id,
        title: x.title,
        clusterName: x.clusterName,
        nextReviewOn: x.nextReviewOn,
      })),
    }),
    noticeStoppedWithoutLearning: noticeCard(ctx, {
      kind: 'stoppedWithoutLearning',
      initiatives: thirty.slice(0, 3).map((x) => ({ id: x.id, title: x.title, clusterName: x.clusterName })),
    }),
    overview: overviewCard(ctx, overviewFixture),
    digest: digestCard(ctx, {
      from: '2026-08-24',
      to: '2026-11-22',
      learnings: digestLearningsFixture,
      clusterCount: 17,
      groups: groupDigest(framework, digestLearningsFixture),
      links: {
        md: 'https://app.example.org/downloads/ledertraef.md?sig=x',
        html: 'https://app.example.org/downloads/ledertraef.html?sig=x',
        expiresAt: new Date('2026-11-29T10:00:00Z'),
      },
    }),
    digestError: digestCard(ctx, { error: 'endBeforeStart', from: '2026-11-22', to: '2026-11-01' }),
    dialoguePlan: planFormCard(
      ctx,
      FORM_ID,
      plannable,
      '2026-11-22',
      { from: '2026-11-01' },
      { from: 'dateInPast', to: 'windowTooLong' },
    ),
    dialoguePlanNoUnits: planFormCard(ctx, FORM_ID, [], '2026-11-22'),
    dialogueSlots: slotsCard(ctx, found(), FORM_ID),
    dialogueSlotsMove: slotsCard(ctx, found(), FORM_ID, dialogueFixture.id),
    dialogueSlotsNone: slotsCard(ctx, found({ slots: [] }), FORM_ID),
    dialogueSlotsManual: slotsCard(
      ctx,
      found({ slots: [], manual: { reason: 'calendarsUnavailable', detail: 'Microsoft Graph 503' } }),
      FORM_ID,
      undefined,
      { time: '17:00' },
      { time: 'outsideHours' },
    ),
    dialogue: dialogueCard(ctx, dialogueFixture, 'Dialogen er planlagt.'),
    dialogueConfirmCancel: dialogueCard(ctx, dialogueFixture, undefined, true),
    dialogueList: dialogueListCard(
      ctx,
      Array.from({ length: 20 }, () => dialogueFixture),
      true,
    ),
    noticeDialogue: noticeCard(ctx, {
      kind: 'dialogueInvited',
      dialogueId: dialogueFixture.id,
      unitName: 'Skole Syd',
      startsAt: '2026-12-01T10:00:00Z',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
    }),
    dialogueOutcomeForm: outcomeFormCard(
      ctx,
      dialogueFixture,
      FORM_ID,
      15,
      { 'agreement-0-text': 'x' },
      { 'note-operations': 'required', 'agreement-0-due': 'incomplete' },
    ),
    dialogueWithOutcome: dialogueCard(
      ctx,
      {
        ...dialogueFixture,
        outcomeRecordedAt: new Date('2026-12-01T12:00:00Z'),
        notes: { operations: 'Drift '.repeat(100), development: 'Udvikling', shared: 'Klynger' },
      },
      undefined,
      false,
      Array.from({ length: 15 }, (_, i) => ({
        id: `00000000-0000-4000-8000-0000000aa0${String(i).padStart(2, '0')}`,
        dialogueId: dialogueFixture.id,
        text: `Aftale ${i}`,
        ownerId: 'lars',
        ownerName: 'Lars Nielsen',
        dueOn: '2026-12-20',
        status: i % 2 ? ('done' as const) : ('open' as const),
        doneAt: null,
      })),
    ),
    dialogueArea: areaCard(ctx, {
      overdueDays: 365,
      units: Array.from({ length: 30 }, (_, i) => ({
        unitId: `u${i}`,
        unitName: `Enhed ${i}`,
        lastHeld: i % 3 ? new Date('2026-01-10T10:00:00Z') : null,
        nextPlanned: null,
        heldInPeriod: i % 2,
        overdue: i % 3 === 0,
      })),
    }),
    noticeOutcomeDue: noticeCard(ctx, {
      kind: 'dialogueOutcomeDue',
      dialogueId: dialogueFixture.id,
      unitName: 'Skole Syd',
      startsAt: '2026-12-01T10:00:00Z',
    }),
    noticeSummary: noticeCard(ctx, {
      kind: 'dialogueSummary',
      dialogueId: dialogueFixture.id,
      unitName: 'Skole Syd',
      startsAt: '2026-12-01T10:00:00Z',
      notes: { operations: 'a', development: 'b', shared: 'c' },
      agreements: [{ text: 'x', ownerName: 'Lars', dueOn: '2026-12-20' }],
    }),
    noticeAgreementsDue: noticeCard(ctx, {
      kind: 'agreementsDue',
      agreements: [
        { id: '00000000-0000-4000-8000-0000000aa001', text: 'Ny vagtplan', unitName: 'Skole Syd', dueOn: '2026-12-20' },
      ],
    }),
    searchMission: searchResultCard(ctx, hit('mission', 'active'), 'https://app.example.org/missions/x'),
    searchCluster: searchResultCard(ctx, hit('cluster', 'active'), 'https://app.example.org/clusters/x'),
    searchInitiative: searchResultCard(ctx, hit('initiative', 'evaluating'), 'https://app.example.org/initiatives/x'),
    history: historyCard(ctx, {
      mission: mission(1, { followedByViewer: true }),
      events: [...everyEvent(), ...everyEvent()].slice(0, 15),
      page: 3,
      pages: 34,
      total: 500,
    }),
    settings: settingsCard(
      ctx,
      { digest: 'fortnightly', showSupport: true },
      Array.from({ length: 16 }, (_, i) => ({
        entity: i % 2 ? ('cluster' as const) : ('mission' as const),
        id: `00000000-0000-4000-8000-0000000ab${String(i).padStart(3, '0')}`,
        title: 'Et langt navn på noget, man følger '.repeat(3),
      })),
    ),
    noticeFollowDigest: noticeCard(ctx, {
      kind: 'followDigest',
      since: '2026-11-16T07:00:00Z',
      entities: Array.from({ length: DIGEST_ENTITIES }, (_, i) => ({
        entity: i % 3 ? ('mission' as const) : ('cluster' as const),
        id: `00000000-0000-4000-8000-0000000ac${String(i).padStart(3, '0')}`,
        title: 'Titel '.repeat(20).trim(),
        events: everyEvent().slice(i % 4, (i % 4) + DIGEST_EVENTS),
        more: 7,
      })),
      moreEntities: 4,
    }),
    noticeAnswerOverdue: noticeCard(ctx, {
      kind: 'answerOverdue',
      missionId: '00000000-0000-4000-8000-00000000e001',
      title: 'Flere unge i fritidsjob',
      days: 14,
      expectedBy: '2026-12-15T10:00:00Z',
      medianDays: 9.4,
    }),
    noticeOverdue: noticeCard(ctx, {
      kind: 'decisionsOverdue',
      days: 14,
      missions: five.map((m) => ({ id: m.id, title: m.title, createdAt: m.createdAt.toISOString() })),
    }),
  };
}

function hit(kind: SearchHit['kind'], state: string): SearchHit {
  return {
    kind,
    id: '00000000-0000-4000-8000-00000000f001',
    title: 'Fritidsjob *via* [foreninger](http://x)',
    text: 'Lang tekst '.repeat(300),
    track: 'welfare',
    state,
    missionId: '00000000-0000-4000-8000-00000000f002',
    missionTitle: 'Flere unge i fritidsjob',
    ...(kind === 'initiative' ? { clusterId: '00000000-0000-4000-8000-00000000f003', clusterName: 'Unge i job' } : {}),
  };
}

describe.each(['da', 'en'] as const)('the message extension dialog, in %s', (locale) => {
  const ctx = cardContext(
    { id: 'viewer', name: 'Henrik', roles: ['employee'], locale },
    framework,
    'Europe/Copenhagen',
  );
  it.each([
    ['empty', proposeDialogCard(ctx, FORM_ID)],
    [
      'prefilled with errors',
      proposeDialogCard(
        ctx,
        FORM_ID,
        { title: 'Fra beskeden', ambition: 'x' },
        { ambition: 'tooShort', track: 'required' },
      ),
    ],
  ])('%s is valid for a Teams dialog and submits with the form id', (_name, card) => {
    expect(cardProblems(card, KNOWN_VERBS, { dialog: true })).toEqual([]);
    expect(card.actions).toEqual([
      expect.objectContaining({ type: 'Action.Submit', data: { verb: 'propose.submit', formId: FORM_ID } }),
    ]);
  });
});

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

  it("says which dates a date field takes: Teams shows the field's one message also for a date before its minimum", () => {
    const dateInputs = (card: unknown) =>
      [...JSON.stringify(card).matchAll(/\{"type":"Input\.Date"[^}]*\}/g)].map((m) => JSON.parse(m[0]));
    const da = dateInputs(everyCard('da', ['employee']).initiativeForm).find((i) => i.id === 'nextReviewOn');
    expect(da).toMatchObject({
      min: '2026-11-22',
      isRequired: true,
      errorMessage: 'Vælg en dato fra 22. nov. 2026 eller senere.',
    });
    const en = dateInputs(everyCard('en', ['employee']).initiativeForm).find((i) => i.id === 'nextReviewOn');
    expect(en.errorMessage).toBe('Choose a date from 22 Nov 2026 or later.');
    // Every date field with a minimum says so.
    for (const card of Object.values(everyCard('da', ['employee', 'groupManagement']))) {
      for (const input of dateInputs(card).filter((i) => i.min))
        expect(input.errorMessage).toMatch(/^Vælg en dato fra .+ eller senere\.$/);
    }
  });

  it('lets no text field cut what is typed: each names its limit in the label instead', () => {
    for (const locale of ['da', 'en'] as const) {
      for (const [name, card] of Object.entries(everyCard(locale, ['employee', 'groupManagement']))) {
        const inputs = [...JSON.stringify(card).matchAll(/\{"type":"Input\.Text"[^{}]*\}/g)].map((m) =>
          JSON.parse(m[0]),
        );
        for (const i of inputs.filter((x) => x.style !== 'Email')) {
          expect({
            name,
            id: i.id,
            maxLength: i.maxLength,
            limit: /\((?:.*, )?(?:højst|at most) [\d.,]+ (?:tegn|characters)\)$/.test(i.label),
          }).toEqual({ name, id: i.id, maxLength: undefined, limit: true });
        }
      }
    }
    const learning = [
      ...JSON.stringify(everyCard('da', ['employee']).learningForm ?? {}).matchAll(/"label":"([^"]+)"/g),
    ].map((m) => m[1]);
    expect(learning).toContain('Hvad vil vi sige til andre? (valgfri, højst 2.000 tegn)');
  });

  it('the Ledertræf card counts learnings the same way in its total and in "more in the document"', () => {
    const ctx = cardContext(
      { id: 'v', name: 'V', roles: ['groupManagement'], locale: 'da' },
      framework,
      'Europe/Copenhagen',
    );
    // Twenty learnings, each about two hard problems: each is listed under both.
    const twenty = digestLearningsFixture
      .slice(0, 20)
      .map((l) => ({ ...l, track: 'welfare', problems: ['labour', 'wellbeing'] }));
    const text = cardText(
      digestCard(ctx, {
        from: '2026-08-24',
        to: '2026-11-22',
        learnings: twenty,
        clusterCount: 3,
        groups: groupDigest(framework, twenty),
      }),
    );
    expect(text).toContain('20 læringer fra 3 klynger.');
    const shown = new Set([...text.matchAll(/Indsats (\d+) med en lang titel/g)].map((m) => m[1])).size;
    expect(text).toContain(`… og ${20 - shown} læringer mere i dokumentet.`);
  });

  it('a dialogue\'s outcome summary lists the topics in the agenda\'s order, and each listed dialogue has a visible "Åbn"', () => {
    const ctx = cardContext({ id: 'v', name: 'V', roles: ['employee'], locale: 'da' }, framework, 'Europe/Copenhagen');
    // As Postgres's jsonb gives the keys back: shortest first.
    const summary = cardText(
      noticeCard(ctx, {
        kind: 'dialogueSummary',
        dialogueId: dialogueFixture.id,
        unitName: 'Skole Syd',
        startsAt: '2026-12-01T10:00:00Z',
        notes: { shared: 'C', operations: 'A', development: 'B' },
        agreements: [],
      }),
    );
    const agenda = cardText(dialogueCard(ctx, dialogueFixture));
    const order = (text: string) =>
      ['Den daglige drift', 'Udviklingsarbejdet', 'Enhedens bidrag'].map((x) => text.indexOf(x));
    expect(order(summary)).toEqual([...order(summary)].sort((a, b) => a - b));
    expect(order(agenda)).toEqual([...order(agenda)].sort((a, b) => a - b));
    const list = dialogueListCard(
      ctx,
      [dialogueFixture, { ...dialogueFixture, id: '00000000-0000-4000-8000-00000000d0d2' }],
      false,
    );
    const buttons: { title?: string; verb?: string }[] = [];
    const walk = (n: unknown): void => {
      if (!n || typeof n !== 'object') return;
      if (Array.isArray(n)) return n.forEach(walk);
      const o = n as Record<string, unknown>;
      if (o.type === 'ActionSet') buttons.push(...(o.actions as { title?: string; verb?: string }[]));
      Object.values(o).forEach(walk);
    };
    walk(list.body);
    expect(buttons.filter((b) => b.title === 'Åbn' && b.verb === 'dialogue.view')).toHaveLength(2);
  });

  it('shows who may do what on a cluster: join, leave, manage', () => {
    const cards = everyCard('da', ['employee']);
    const actions = (c: unknown) => JSON.stringify(c).match(/"verb":"cluster\.[a-z.]+"/g) ?? [];
    expect(actions(cards.clusterOutsider)).toContain('"verb":"cluster.join"');
    expect(actions(cards.clusterOutsider)).not.toContain('"verb":"cluster.manage"');
    expect(actions(cards.clusterMember)).toContain('"verb":"cluster.leave"');
    expect(actions(cards.clusterCoordinator)).toContain('"verb":"cluster.manage"');
    expect(cardText(cards.clusterWaiting)).toContain('Microsoft Graph er ikke sat op');
    expect(cardText(cards.clusterRetrying)).toContain('Microsoft Graph 503');
    expect(cardText(cards.clusterStatus)).toContain('Enhed nummer 1 (23)');
    expect(cardText(cards.clusterStatus)).toContain('og 15 flere');
    expect((cards.clusterStatus as unknown as { refresh: { userIds: string[] } }).refresh.userIds).toHaveLength(60);
  });

  it('shows the portfolio by stage and who may change it: members add, the coordinator leads the review', () => {
    const cards = everyCard('da', ['employee']);
    const verbs = (c: unknown) => JSON.stringify(c).match(/"verb":"[a-z.]+"/g) ?? [];
    expect(cardText(cards.clusterMember)).toContain('Idé 2 · I gang 5 · Evalueres 1 · Skaleret 1 · Stoppet 3');
    expect(cardText(cards.clusterMember)).toContain('Porteføljereview i gang: 2 af 8 vurderet.');
    expect(verbs(cards.clusterMember)).toContain('"verb":"review.view"');
    expect(verbs(cards.clusterOutsider)).not.toContain('"verb":"review.view"');
    expect(verbs(cards.portfolioOutsider)).not.toContain('"verb":"initiative.form.open"');
    expect(cardText(cards.portfolioOutsider)).toContain('Kun klyngens medlemmer kan ændre porteføljen');
    expect(verbs(cards.portfolioEmpty)).toContain('"verb":"initiative.form.open"');
    expect(cardText(cards.portfolioFull)).toContain('Åbne (18)');
    expect(cardText(cards.portfolioFull)).toContain('og 3 flere');
    expect(verbs(cards.reviewLead)).toContain('"verb":"review.close"');
    expect(verbs(cards.reviewMember)).not.toContain('"verb":"review.close"');
    expect(cardText(cards.reviewMember)).toContain('Besluttet: Stop (Anne Holm) · I gang → Stoppet');
    expect(cardText(cards.reviewItem)).toContain('Skriv, hvad I lærte, før indsatsen stoppes.');
    expect(verbs(cards.initiative)).toEqual(
      expect.arrayContaining(['"verb":"initiative.stage"', '"verb":"learning.form.open"']),
    );
    expect(cardText(cards.initiative)).toContain('Flyt til "Evalueres"');
    expect(verbs(cards.initiativeSettled)).not.toContain('"verb":"initiative.stage"');
    const unitChoices = (JSON.stringify(cards.initiativeFormErrors).match(/"value":"u\d+"/g) ?? []).slice(0, 2);
    expect(unitChoices).toEqual(['"value":"u100"', '"value":"u3"']);
  });

  it('says a time that has passed one way everywhere: rounded down, in hours under a day, never "0 dage"', () => {
    const ctx = cardContext({ id: 'v', name: 'V', roles: ['employee'], locale: 'da' }, framework, 'Europe/Copenhagen');
    const median = (medianDays: number) =>
      cardText(overviewCard(ctx, { ...overviewFixture, answerTime: { medianDays, decided: 3 } }));
    expect(median(0.01)).toContain('Mediantid til beslutning, seneste 90 dage: under 1 time (3 beslutninger)');
    expect(median(0.5)).toContain('seneste 90 dage: 12 timer');
    expect(median(1.9)).toContain('seneste 90 dage: 1 dag');
    expect(median(9.4)).toContain('seneste 90 dage: 9 dage');
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
    const broken = {
      type: 'AdaptiveCard',
      version: '1.6',
      body: [{ type: 'Input.Text' }, { type: 'Input.Text', id: 'a' }, { type: 'Input.Text', id: 'a' }],
      actions: [{ type: 'Action.Execute', verb: 'nope', title: 'x' }],
    };
    const problems = cardProblems(broken, KNOWN_VERBS).join('\n');
    expect(problems).toContain('above 1.5');
    expect(problems).toContain('without id');
    expect(problems).toContain('duplicate input ids: a');
    expect(problems).toContain('unknown verb nope');
  });
});

describe('the followers’ digest card', () => {
  it('a shared mission link offers its Historik in the portfolio tab; clusters and initiatives do not', () => {
    const c = cardContext({ id: 'v', name: 'V', roles: ['employee'], locale: 'da' }, framework, 'Europe/Copenhagen');
    const url = 'https://app.example.org/missions/00000000-0000-4000-8000-00000000f001';
    expect(findAction(searchResultCard(c, hit('mission', 'active'), url), 'Historik').url).toBe(`${url}/history`);
    for (const kind of ['cluster', 'initiative'] as const)
      expect(cardText(searchResultCard(c, hit(kind, 'active'), url))).not.toContain('Historik');
  });

  const ctx = cardContext({ id: 'v', name: 'V', roles: ['employee'], locale: 'da' }, framework, 'Europe/Copenhagen');
  it('keeps under Teams’ size limit however much happened, and counts what it could not show', () => {
    const entities = Array.from({ length: 20 }, (_, i) => ({
      entity: 'mission' as const,
      id: `00000000-0000-4000-8000-0000000ad${String(i).padStart(3, '0')}`,
      title: `Mission ${i} `.repeat(10),
      events: everyEvent().slice(0, DIGEST_EVENTS),
      more: 30,
    }));
    const card = noticeCard(ctx, { kind: 'followDigest', since: '2026-11-16T07:00:00Z', entities, moreEntities: 0 });
    expect(cardProblems(card, KNOWN_VERBS)).toEqual([]);
    const shown = (JSON.stringify(card).match(/"title":"Historik"/g) ?? []).length;
    expect(shown).toBeLessThan(20);
    expect(cardText(card)).toContain(`Der er også nyt i ${20 - shown} andre, du følger.`);
    expect(cardText(card)).toContain('… og 30 ting mere');
  });
});
