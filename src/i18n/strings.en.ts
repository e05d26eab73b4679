import { clustersEn } from './clusters.en.js';
import { portfolioEn } from './portfolio.en.js';
import { overviewEn } from './overview.en.js';
import { dialoguesEn } from './dialogues.en.js';
import { searchEn } from './search.en.js';
import { followingEn } from './following.en.js';
import type { Strings } from './strings.da.js';

export const en: Strings = {
  appName: 'Mission clusters',
  welcome: {
    title: 'Welcome to Mission clusters',
    intro:
      'A mission is a concrete goal for citizens, businesses or society that we work on across the municipality. ' +
      'In a mission cluster, colleagues and external partners share a portfolio of initiatives and trial actions that tackle our shared hard problems.',
    next: 'Everyone has the right and the duty to propose trial actions. What would you like to do?',
  },
  help: {
    title: 'What I can help with',
    notUnderstood: (text: string) => `I did not understand "${text}". This is what you can type or press:`,
    commands: [
      ['Propose a mission', 'Describe a mission and the group management will decide on it.'],
      ['My missions', 'See the missions you proposed or support, and how they are doing.'],
      ['All missions', 'Find missions by track and hard problem, and sign up to contribute.'],
      ['Decisions', 'For the group management: proposals waiting for a decision.'],
      ['My clusters', 'See the mission clusters you are in, and their channels.'],
      ['Find clusters', 'Find clusters by mission, track and hard problem, and join.'],
      [
        'Form a cluster',
        'Bring colleagues and external actors together around an active mission, with its own channel.',
      ],
      [
        'Log learning',
        'Share what an initiative in your cluster taught you: what you tried, what happened, what you would tell others.',
      ],
      ['Ledertræf', 'Learnings from every cluster in a period, by track and hard problem – as a card and a document.'],
      [
        'Schedule a dialogue',
        'For department heads: find a time in the calendars of director, department head and contract holder, and send the invitation with a Teams meeting. "My dialogues" lists those you take part in.',
      ],
      [
        'Overview',
        'For the group management and directors: initiatives per track, problem and unit, decisions and unanswered proposals.',
      ],
      [
        'Settings',
        'How often you get "News from what you follow" (every week, every other week or never), and what you follow.',
      ],
      ['Help', 'Show this overview.'],
    ],
  },
  actions: {
    propose: 'Propose a mission',
    proposeAnother: 'Propose another mission',
    myMissions: 'My missions',
    allMissions: 'All missions',
    decisions: 'Decisions',
    help: 'Help',
    submitProposal: 'Send proposal',
    cancel: 'Cancel',
    support: 'I want to contribute',
    filter: 'Filter',
    next: 'Next page',
    previous: 'Previous page',
    switchLanguage: 'Dansk',
    decideConcretise: 'Concretise',
    decideActivate: 'Activate',
    decideDecline: 'Decline',
    decide: 'Decide …',
    conclude: 'Conclude the mission …',
    confirmConclude: 'Conclude the mission',
    clustersOfMission: 'Clusters',
  },
  form: {
    title: 'Propose a mission',
    intro:
      'Describe the mission so colleagues and the group management understand what should change and what stands in the way.',
    titleLabel: 'Title',
    titlePlaceholder: 'E.g. "More young people in spare-time jobs"',
    ambitionLabel: 'Ambition: what should change for citizens, businesses or society?',
    obstaclesLabel: 'What stands in the way?',
    focusLabel: 'Focus',
    trackLabel: 'Track',
    problemsLabel: 'Which shared hard problems does the mission work on? (choose one or more)',
    fixErrors: 'Please correct the fields marked below.',
    cancelled: 'The proposal was cancelled. Nothing was saved.',
  },
  focus: { citizens: 'Citizens', businesses: 'Businesses', society: 'Society' },
  fieldErrors: {
    required: 'Required.',
    tooShort: (min: number) => `Write at least ${min} characters.`,
    tooLong: (max: number) => `Too long: at most ${max} characters.`,
    unknownChoice: 'Choose one of the options.',
    chooseAtLeastOne: 'Choose at least one.',
    limit: (max: string) => `at most ${max} characters`,
    dateFrom: (date: string) => `Choose a date from ${date} or later.`,
  },
  confirmation: {
    title: 'Thank you for your proposal',
    body: (title: string) =>
      `The mission "${title}" has been proposed. The group management will decide on it, and you will hear back here in the chat.`,
    status: 'Status',
  },
  status: {
    proposed: 'Proposed',
    concretising: 'Being concretised',
    active: 'Active',
    concluded: 'Concluded',
    declined: 'Declined',
  },
  list: {
    mineTitle: 'My missions',
    allTitle: 'All missions',
    emptyMine: 'You have not proposed or supported any missions yet.',
    emptyAll: 'No missions match. Try another filter, or propose one yourself.',
    anyTrack: 'All tracks',
    anyProblem: 'All hard problems',
    pageInfo: (page: number) => `Page ${page}`,
    supporters: (n: number) => (n === 1 ? '1 contributor' : `${n} contributors`),
    proposedBy: (name: string, date: string) => `Proposed by ${name} on ${date}`,
    youSupport: '✓ You contribute',
    yourProposal: 'Your proposal',
    supportAdded: (title: string) => `Thank you! You now contribute to "${title}".`,
    supportAlready: (title: string) => `You already contribute to "${title}".`,
    notFound: 'The mission no longer exists.',
    reason: 'Reason',
    problems: 'Hard problems',
    track: 'Track',
  },
  decisions: {
    title: 'Decisions',
    intro: 'Proposals waiting for a decision. No proposal may be left unanswered.',
    empty: 'No proposals are waiting. Well done!',
    emptyFiltered: 'None of the waiting proposals match the filter.',
    waiting: (n: number) =>
      n === 1 ? '1 proposal is waiting for a decision.' : `${n} proposals are waiting for a decision.`,
    matching: (shown: number, all: number) => `${shown} of the ${all} waiting proposals match the filter.`,
    oldestFirst: 'Longest waiting first',
    newestFirst: 'Newest first',
    pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
    reasonLabel: 'Reason (required when declining; the proposer will read it)',
    waitingDays: (d: number) => (d === 1 ? 'has waited 1 day' : `has waited ${d} days`),
    decided: (title: string, status: string) => `"${title}" is now: ${status}. The proposer will be told.`,
    alreadyDecided: (title: string, status: string) =>
      `"${title}" has already been decided (${status}). Nothing was changed.`,
    forbidden: 'Only the group management and administrators can decide on missions.',
    concludeReasonLabel: 'What has the mission achieved? (optional; the proposer and the clusters see it)',
    concluded: (title: string) =>
      `"${title}" has been concluded. The proposer is told, and the clusters' status cards are updated.`,
    notActive: (title: string) => `"${title}" is not active and cannot be concluded. Nothing was changed.`,
  },
  notices: {
    openedBelow: 'See the answer in a new message below.',
    decidedTitle: {
      concretising: 'Your mission is to be concretised',
      active: 'Your mission has been approved',
      declined: 'Your mission was not approved',
      concluded: 'Your mission has been concluded',
    },
    decidedBody: (title: string, status: string, who: string) =>
      `The group management (${who}) decided that "${title}" is now: ${status}.`,
    overdueTitle: 'Proposals are waiting for a decision',
    overdueBody: (days: number) =>
      `These proposals have waited ${days} days or more. No proposal may be left unanswered.`,
  },
  personalOnly: {
    dialogues:
      'Contract-holder dialogues are shown only in your personal chat with Missionsklynger, where no one else can read them.',
    settings:
      'Your settings and what you follow are shown only in your personal chat with Missionsklynger, where no one else can read them.',
    answer:
      'The answer to that button is for you alone, so I do not show it here. Ask me in your personal chat with Missionsklynger, where no one else can read it.',
    open: 'Open your personal chat',
  },
  errors: {
    generic: (ref: string) =>
      `Something went wrong on our side. Please try again shortly. Quote reference ${ref} if you contact support.`,
    unknownAction: 'I do not know that action. The card may be out of date. This is what you can do:',
    badAction: 'The card sent something I could not read. Please try again from a new card.',
  },
  clusters: clustersEn,
  portfolio: portfolioEn,
  overview: overviewEn,
  dialogues: dialoguesEn,
  search: searchEn,
  following: followingEn,
  language: { changed: 'I will now write in English.' },
};
