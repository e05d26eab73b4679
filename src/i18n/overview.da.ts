/** Danish texts for the overview and the Ledertræf digest; overview.en.ts mirrors every key. */
export const overviewDa = {
  title: 'Det samlede billede',
  period: (days: number) => `Beslutninger de seneste ${days} dage`,
  periodLabel: 'Periode',
  periodChoice: (days: number) => (days === 365 ? 'Seneste år' : `Seneste ${days} dage`),
  show: 'Vis',
  forbidden: 'Overblikket er for koncernledelsen og direktørerne.',
  byTrack: 'Aktive indsatser pr. spor',
  trackLine: (initiatives: number, clusters: number) =>
    `${initiatives === 1 ? '1 indsats' : `${initiatives} indsatser`} i ${clusters === 1 ? '1 klynge' : `${clusters} klynger`}`,
  byProblem: 'Aktive indsatser pr. fælles svært problem',
  uncovered: (names: string) => `Ingen arbejder med: ${names}.`,
  allCovered: 'Alle de fælles svære problemer har mindst én aktiv indsats.',
  unitLoad: 'Belastning pr. enhed',
  unitLine: (clusters: number, initiatives: number) =>
    `${clusters === 1 ? '1 klynge' : `${clusters} klynger`} · ${initiatives === 1 ? '1 indsats' : `${initiatives} indsatser`}`,
  noUnits: 'Ingen enheder deltager i klynger endnu.',
  decisions: 'Beslutninger i perioden',
  portfolioDecisions: 'Porteføljereviews',
  missionDecisions: 'Missioner',
  noDecisions: 'Ingen',
  recent: 'Seneste porteføljebeslutninger',
  recentLine: (decision: string, title: string, cluster: string, who: string, date: string) =>
    `${decision}: ${title} (${cluster}) – ${who}, ${date}`,
  unanswered: 'Forslag uden svar',
  unansweredLine: (count: number) =>
    count === 0
      ? 'Alle forslag er besvaret.'
      : count === 1
        ? 'Ét forslag venter på en beslutning.'
        : `${count} forslag venter på en beslutning.`,
  waitingSince: (date: string) => `siden ${date}`,
  toDigest: 'Ledertræf-opsamling',
  digest: {
    title: 'Ledertræf: det har vi lært',
    intro: 'Læring fra alle klynger i perioden, samlet pr. spor og fælles svært problem.',
    range: (from: string, to: string) => `${from} – ${to}`,
    fromLabel: 'Fra',
    toLabel: 'Til',
    showPeriod: 'Vis perioden',
    total: (learnings: number, clusters: number) =>
      `${learnings === 1 ? '1 læring' : `${learnings} læringer`} fra ${clusters === 1 ? '1 klynge' : `${clusters} klynger`}.`,
    empty: 'Der er ikke registreret læring i perioden.',
    groupCount: (n: number) => (n === 1 ? '1 læring' : `${n} læringer`),
    moreInDocument: (n: number) =>
      n === 1 ? '… og 1 læring mere i dokumentet.' : `… og ${n} læringer mere i dokumentet.`,
    downloadMarkdown: 'Hent som Markdown',
    downloadHtml: 'Hent som HTML',
    linkValid: (date: string) => `Linkene virker til ${date}.`,
    tried: 'Det prøvede vi',
    happened: 'Det skete',
    advice: 'Det vil vi sige til andre',
    /** A learning written with a decision to stop: the hypothesis, what was learned, why it stopped. */
    stopped: { tried: 'Det prøvede vi', happened: 'Det lærte vi', advice: 'Derfor stoppede vi' },
    by: (who: string, cluster: string, date: string) => `${who}, ${cluster}, ${date}`,
    documentTitle: (from: string, to: string) => `Ledertræf: læring ${from} – ${to}`,
    errors: {
      invalidDate: 'Skriv gyldige datoer.',
      endBeforeStart: 'Slutdatoen ligger før startdatoen.',
      tooLong: 'Vælg en periode på højst et år.',
      inFuture: 'Perioden må ikke begynde efter i dag.',
    } as Record<string, string>,
  },
};
