import type { overviewDa } from './overview.da.js';

/** English texts for the overview and the Ledertræf digest. */
export const overviewEn: typeof overviewDa = {
  title: 'The whole picture',
  period: (days: number) => `Decisions in the last ${days} days`,
  periodLabel: 'Period',
  periodChoice: (days: number) => (days === 365 ? 'Last year' : `Last ${days} days`),
  show: 'Show',
  forbidden: 'The overview is for the group management and the directors.',
  byTrack: 'Active initiatives per track',
  trackLine: (initiatives: number, clusters: number) =>
    `${initiatives === 1 ? '1 initiative' : `${initiatives} initiatives`} in ${clusters === 1 ? '1 cluster' : `${clusters} clusters`}`,
  byProblem: 'Active initiatives per shared hard problem',
  uncovered: (names: string) => `Nobody works on: ${names}.`,
  allCovered: 'Every shared hard problem has at least one active initiative.',
  unitLoad: 'Load per unit',
  unitLine: (clusters: number, initiatives: number) =>
    `${clusters === 1 ? '1 cluster' : `${clusters} clusters`} · ${initiatives === 1 ? '1 initiative' : `${initiatives} initiatives`}`,
  noUnits: 'No units take part in clusters yet.',
  decisions: 'Decisions in the period',
  portfolioDecisions: 'Portfolio reviews',
  missionDecisions: 'Missions',
  noDecisions: 'None',
  recent: 'Latest portfolio decisions',
  recentLine: (decision: string, title: string, cluster: string, who: string, date: string) =>
    `${decision}: ${title} (${cluster}) – ${who}, ${date}`,
  unanswered: 'Proposals without an answer',
  unansweredLine: (count: number) =>
    count === 0
      ? 'Every proposal has an answer.'
      : count === 1
        ? 'One proposal awaits a decision.'
        : `${count} proposals await a decision.`,
  waitingSince: (date: string) => `since ${date}`,
  toDigest: 'Ledertræf digest',
  digest: {
    title: 'Ledertræf: what we learned',
    intro: 'Learnings from every cluster in the period, grouped by track and shared hard problem.',
    range: (from: string, to: string) => `${from} – ${to}`,
    fromLabel: 'From',
    toLabel: 'To',
    showPeriod: 'Show the period',
    total: (learnings: number, clusters: number) =>
      `${learnings === 1 ? '1 learning' : `${learnings} learnings`} from ${clusters === 1 ? '1 cluster' : `${clusters} clusters`}.`,
    empty: 'No learnings were logged in the period.',
    groupCount: (n: number) => (n === 1 ? '1 learning' : `${n} learnings`),
    moreInDocument: (n: number) =>
      n === 1 ? '… and 1 more learning in the document.' : `… and ${n} more learnings in the document.`,
    downloadMarkdown: 'Download as Markdown',
    downloadHtml: 'Download as HTML',
    linkValid: (date: string) => `The links work until ${date}.`,
    tried: 'What we tried',
    happened: 'What happened',
    advice: 'What we would tell others',
    stopped: { tried: 'What we tried', happened: 'What we learned', advice: 'Why we stopped' },
    by: (who: string, cluster: string, date: string) => `${who}, ${cluster}, ${date}`,
    documentTitle: (from: string, to: string) => `Ledertræf: learnings ${from} – ${to}`,
    errors: {
      invalidDate: 'Enter valid dates.',
      endBeforeStart: 'The end date is before the start date.',
      tooLong: 'Choose a period of at most one year.',
      inFuture: 'The period cannot start after today.',
    },
  },
};
