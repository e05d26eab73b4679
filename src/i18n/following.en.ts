import { elapsed } from '../domain/elapsed.js';
import type { followingDa } from './following.da.js';

const people = (names: string[], count: number) => {
  const others = count - names.length;
  const shown = names.join(', ');
  if (!names.length) return count === 1 ? '1 person' : `${count} people`;
  return others > 0 ? `${shown} and ${others === 1 ? '1 other' : `${others} others`}` : shown;
};

/** A time that has passed, in days, by the one rule of domain/elapsed.ts. */
const span = (days: number) => {
  const e = elapsed(days);
  if (e.unit === 'underAnHour') return 'under an hour';
  if (e.unit === 'hour') return e.n === 1 ? '1 hour' : `${e.n} hours`;
  return e.n === 1 ? '1 day' : `${e.n.toLocaleString('en-GB')} days`;
};

/** English texts for a mission's history, following, the followers' digest and the answer clock. */

export const followingEn: typeof followingDa = {
  actions: {
    history: 'History',
    follow: 'Follow',
    unfollow: 'Stop following',
    earlier: 'Earlier',
    later: 'Later',
    fromStart: 'From the start',
    newest: 'Latest',
    settings: 'Settings',
    save: 'Save',
    open: 'Open',
  },
  history: {
    title: (mission: string) => `History: ${mission}`,
    intro: 'The mission’s way from proposal to learning, oldest first.',
    empty: 'Nothing has happened yet.',
    pageOf: (page: number, pages: number, total: number) =>
      `Page ${page} of ${pages} · ${total === 1 ? '1 event' : `${total} events`}`,
    notFound: 'The mission does not exist, or you cannot see it.',
    proposed: (by: string) => `Proposed by ${by}`,
    supported: (names: string[], count: number) =>
      `${count === 1 ? 'New contributor' : `${count} new contributors`}${names.length ? `: ${people(names, count)}` : ''}`,
    decided: (status: string, by: string) => `Decided: ${status} (${by})`,
    concluded: (by: string) => `The mission was concluded (${by})`,
    reason: (text: string) => `Reason: ${text}`,
    achieved: (text: string) => `Achieved: ${text}`,
    clusterFormed: (name: string, by: string) => `Cluster "${name}" formed by ${by}`,
    joined: (cluster: string, names: string[], count: number) => `Joined "${cluster}": ${people(names, count)}`,
    initiativeStarted: (kind: string, title: string, cluster: string) => `${kind} "${title}" started in ${cluster}`,
    stageMoved: (title: string, from: string, to: string) => `"${title}": ${from} → ${to}`,
    reviewDecided: (title: string, decision: string) => `Review of "${title}": ${decision}`,
    rationale: (text: string) => `Rationale: ${text}`,
    learning: (title: string, by: string) => `Learning about "${title}" from ${by}`,
    stoppedLearning: (title: string) => `Why we stopped "${title}"`,
    ledertraef: (from: string, to: string, n: number) =>
      `In the Ledertræf digest ${from} – ${to} (${n === 1 ? '1 learning' : `${n} learnings`})`,
    reviewDecision: { continue: 'continue', adjust: 'adjust', scale: 'scale', stop: 'stop' },
  },
  follow: {
    following: '✓ You follow',
    followed: (title: string, cadence: string) =>
      `You now follow "${title}". ${
        cadence === 'off'
          ? 'Your digest is off, so no news about it will reach you. Turn it on in Settings.'
          : cadence === 'fortnightly'
            ? 'News comes in your digest every other Monday at 8.'
            : 'News comes in your weekly digest on Mondays at 8.'
      }`,
    already: (title: string) => `You already follow "${title}".`,
    unfollowed: (title: string) => `You no longer follow "${title}".`,
    notFound: 'It no longer exists, or you cannot see it.',
    unfollowedUnseen: 'You no longer follow it.',
  },
  settings: {
    title: 'Settings',
    digestLabel: 'News from what you follow',
    digest: {
      weekly: 'Every week (Monday at 8)',
      fortnightly: 'Every other week (Monday at 8)',
      off: 'Off',
    },
    showSupport: 'Show my name in the history when I become a contributor',
    showSupportNote:
      "Applies when you support a proposal. If you are in a cluster, you are named in the history and the digests as on the cluster's card, whatever this setting.",
    invalidShowSupport: 'Choose whether your name is shown (on or off). Nothing was saved.',
    followedTitle: 'What you follow',
    noneFollowed: 'You do not follow anything yet. Press "Follow" on a mission or a cluster.',
    more: (n: number) => `… and ${n} more`,
    saved: 'Your settings are saved.',
    invalid: 'Choose how often you want the digest. Nothing was saved.',
    mission: 'Mission',
    cluster: 'Cluster',
  },
  digest: {
    title: 'News from what you follow',
    intro: (from: string) => `This happened since ${from}.`,
    more: (n: number) => (n === 1 ? '… and 1 more thing' : `… and ${n} more things`),
    moreEntities: (n: number) =>
      n === 1
        ? 'There is also news in 1 other thing you follow.'
        : `There is also news in ${n} other things you follow.`,
    footer: 'You get this digest because you follow missions or clusters.',
    cluster: (name: string) => `Cluster: ${name}`,
  },
  clock: {
    waited: (days: number) => `Waited ${span(days)}`,
    deadline: (date: string) => `answer due ${date}`,
    overdue: (date: string) => `the answer was due ${date}`,
    sorted: 'Sorted by answer deadline: the proposal that has waited longest comes first.',
    overdueTitle: 'Your proposal is still waiting',
    overdueBody: (title: string, days: number, expected: string) =>
      `"${title}" has waited longer than the answer deadline of ${days} days. The group management has been reminded, and you can expect a decision by ${expected}.`,
    median: (days: number) => `Half of the proposals in the last 90 days were answered within ${span(days)}.`,
  },
  overview: {
    answerTitle: 'Time to answer proposals',
    median: (days: number) => `Median time to a decision, last 90 days: ${span(days)}`,
    noDecisions: 'No proposals were decided in the last 90 days.',
    decided: (n: number) => (n === 1 ? '1 decision' : `${n} decisions`),
    oldest: (title: string, days: number) => `Oldest unanswered proposal: "${title}" (${span(days)})`,
  },
};
