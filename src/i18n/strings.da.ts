import { clustersDa } from './clusters.da.js';
import { portfolioDa } from './portfolio.da.js';
import { overviewDa } from './overview.da.js';
import { dialoguesDa } from './dialogues.da.js';
import { searchDa } from './search.da.js';
import { followingDa } from './following.da.js';
/** Danish is the organisation's language; English mirrors every key (strings.en.ts). */
export const da = {
  appName: 'Missionsklynger',
  welcome: {
    title: 'Velkommen til Missionsklynger',
    intro:
      'En mission er et konkret mål for borgere, virksomheder eller samfundet, som vi arbejder på på tværs af kommunen. ' +
      'I en missionsklynge samles kolleger og eksterne aktører om en portefølje af indsatser og prøvehandlinger, der skal løse op for vores fælles svære problemer.',
    next: 'Alle har ret og pligt til at foreslå prøvehandlinger. Hvad vil du gøre nu?',
  },
  help: {
    title: 'Det kan jeg hjælpe med',
    notUnderstood: (text: string) => `Jeg forstod ikke "${text}". Her er, hvad du kan skrive eller trykke på:`,
    commands: [
      ['Foreslå en mission', 'Beskriv en mission, og koncernledelsen tager stilling til den.'],
      ['Mine missioner', 'Se de missioner, du har foreslået eller bidrager til, og hvordan det går dem.'],
      ['Alle missioner', 'Find missioner efter spor og svært problem, og meld dig som bidragyder.'],
      ['Til beslutning', 'For koncernledelsen: forslag, der venter på en beslutning.'],
      ['Mine klynger', 'Se de missionsklynger, du er med i, og deres kanaler.'],
      ['Find klynger', 'Find klynger efter mission, spor og svært problem, og deltag.'],
      ['Dan en klynge', 'Saml kolleger og eksterne aktører om en aktiv mission i en klynge med egen kanal.'],
      [
        'Registrér læring',
        'Del, hvad en indsats i din klynge har lært jer: hvad I prøvede, hvad der skete, og hvad I vil sige til andre.',
      ],
      ['Ledertræf', 'Læring fra alle klynger i en periode, pr. spor og svært problem – som kort og som dokument.'],
      [
        'Planlæg kontraktholderdialog',
        'For fagchefer: find en tid i kalenderne for direktør, fagchef og kontraktholder, og send invitationen med Teams-møde. "Mine dialoger" viser dem, du deltager i.',
      ],
      [
        'Overblik',
        'For koncernledelsen og direktørerne: indsatser pr. spor, problem og enhed, beslutninger og ubesvarede forslag.',
      ],
      [
        'Indstillinger',
        'Hvor ofte du får "Nyt fra det, du følger" (hver uge, hver anden uge eller aldrig), og hvad du følger.',
      ],
      ['Hjælp', 'Vis denne oversigt.'],
    ] as [string, string][],
  },
  actions: {
    propose: 'Foreslå en mission',
    proposeAnother: 'Foreslå en mission mere',
    myMissions: 'Mine missioner',
    allMissions: 'Alle missioner',
    decisions: 'Til beslutning',
    help: 'Hjælp',
    submitProposal: 'Send forslag',
    cancel: 'Annullér',
    support: 'Jeg vil bidrage',
    filter: 'Filtrér',
    next: 'Næste side',
    previous: 'Forrige side',
    switchLanguage: 'English',
    decideConcretise: 'Konkretisér',
    decideActivate: 'Aktivér',
    decideDecline: 'Afvis',
    decide: 'Beslut …',
    conclude: 'Afslut missionen …',
    confirmConclude: 'Afslut missionen',
    clustersOfMission: 'Klynger',
  },
  form: {
    title: 'Foreslå en mission',
    intro:
      'Beskriv missionen, så kolleger og koncernledelsen kan forstå, hvad der skal ændre sig, og hvad der står i vejen.',
    titleLabel: 'Titel',
    titlePlaceholder: 'F.eks. "Flere unge i fritidsjob"',
    ambitionLabel: 'Ambition: hvad skal ændre sig for borgere, virksomheder eller samfundet?',
    obstaclesLabel: 'Hvad står i vejen?',
    focusLabel: 'Fokus',
    trackLabel: 'Spor',
    problemsLabel: 'Hvilke fælles svære problemer arbejder missionen med? (vælg et eller flere)',
    fixErrors: 'Ret venligst felterne markeret nedenfor.',
    cancelled: 'Forslaget er annulleret. Intet er gemt.',
  },
  focus: { citizens: 'Borgere', businesses: 'Virksomheder', society: 'Samfundet' },
  fieldErrors: {
    required: 'Skal udfyldes.',
    tooShort: (min: number) => `Skriv mindst ${min} tegn.`,
    tooLong: (max: number) => `For lang: højst ${max} tegn.`,
    unknownChoice: 'Vælg en af mulighederne.',
    chooseAtLeastOne: 'Vælg mindst ét.',
    limit: (max: string) => `højst ${max} tegn`,
    dateFrom: (date: string) => `Vælg en dato fra ${date} eller senere.`,
  },
  confirmation: {
    title: 'Tak for dit forslag',
    body: (title: string) =>
      `Missionen "${title}" er foreslået. Koncernledelsen tager stilling til den, og du får besked her i chatten.`,
    status: 'Status',
  },
  status: {
    proposed: 'Foreslået',
    concretising: 'Under konkretisering',
    active: 'Aktiv',
    concluded: 'Afsluttet',
    declined: 'Afvist',
  },
  list: {
    mineTitle: 'Mine missioner',
    allTitle: 'Alle missioner',
    emptyMine: 'Du har ikke foreslået eller støttet nogen missioner endnu.',
    emptyAll: 'Ingen missioner matcher. Prøv et andet filter, eller foreslå en selv.',
    anyTrack: 'Alle spor',
    anyProblem: 'Alle svære problemer',
    pageInfo: (page: number) => `Side ${page}`,
    supporters: (n: number) => (n === 1 ? '1 bidragyder' : `${n} bidragydere`),
    proposedBy: (name: string, date: string) => `Foreslået af ${name} den ${date}`,
    youSupport: '✓ Du bidrager',
    yourProposal: 'Dit forslag',
    supportAdded: (title: string) => `Tak! Du er nu bidragyder til "${title}".`,
    supportAlready: (title: string) => `Du bidrager allerede til "${title}".`,
    notFound: 'Missionen findes ikke længere.',
    reason: 'Begrundelse',
    problems: 'Svære problemer',
    track: 'Spor',
  },
  decisions: {
    title: 'Til beslutning',
    intro: 'Forslag, der venter på en beslutning. Ingen forslag må stå ubesvaret.',
    empty: 'Der er ingen forslag, der venter. Godt arbejde!',
    emptyFiltered: 'Ingen af de ventende forslag passer til filteret.',
    waiting: (n: number) => (n === 1 ? '1 forslag venter på en beslutning.' : `${n} forslag venter på en beslutning.`),
    matching: (shown: number, all: number) => `${shown} af de ${all} ventende forslag passer til filteret.`,
    oldestFirst: 'Længst ventende først',
    newestFirst: 'Nyeste først',
    pageOf: (page: number, pages: number) => `Side ${page} af ${pages}`,
    reasonLabel: 'Begrundelse (skal udfyldes ved afvisning; forslagsstilleren ser den)',
    waitingDays: (d: number) => (d === 1 ? 'har ventet 1 dag' : `har ventet ${d} dage`),
    decided: (title: string, status: string) => `"${title}" er nu: ${status}. Forslagsstilleren får besked.`,
    alreadyDecided: (title: string, status: string) => `"${title}" er allerede besluttet (${status}). Intet er ændret.`,
    forbidden: 'Kun koncernledelsen og administratorer kan træffe beslutninger om missioner.',
    concludeReasonLabel: 'Hvad har missionen opnået? (valgfrit; forslagsstilleren og klyngerne ser det)',
    concluded: (title: string) =>
      `"${title}" er afsluttet. Forslagsstilleren får besked, og klyngernes statuskort opdateres.`,
    notActive: (title: string) => `"${title}" er ikke aktiv og kan ikke afsluttes. Intet er ændret.`,
  },
  notices: {
    openedBelow: 'Se svaret i en ny besked nedenfor.',
    decidedTitle: {
      concretising: 'Din mission skal konkretiseres',
      active: 'Din mission er godkendt',
      declined: 'Din mission er ikke godkendt',
      concluded: 'Din mission er afsluttet',
    },
    decidedBody: (title: string, status: string, who: string) =>
      `Koncernledelsen (${who}) har besluttet, at "${title}" nu er: ${status}.`,
    overdueTitle: 'Forslag venter på en beslutning',
    overdueBody: (days: number) =>
      `Disse forslag har ventet i ${days} dage eller mere. Ingen forslag må stå ubesvaret.`,
  },
  personalOnly: {
    dialogues:
      'Kontraktholderdialoger vises kun i din personlige chat med Missionsklynger, hvor ingen andre kan læse med.',
    settings:
      'Dine indstillinger og det, du følger, vises kun i din personlige chat med Missionsklynger, hvor ingen andre kan læse med.',
    answer:
      'Svaret på den knap er kun til dig, så jeg viser det ikke her. Spørg mig i din personlige chat med Missionsklynger, hvor ingen andre kan læse med.',
    open: 'Åbn din personlige chat',
  },
  errors: {
    generic: (ref: string) =>
      `Noget gik galt hos os. Prøv igen om lidt. Oplys reference ${ref}, hvis du kontakter support.`,
    unknownAction: 'Den handling kender jeg ikke. Måske er kortet forældet. Her er, hvad du kan gøre:',
    badAction: 'Kortet sendte noget, jeg ikke kunne læse. Prøv igen fra et nyt kort.',
  },
  clusters: clustersDa,
  portfolio: portfolioDa,
  overview: overviewDa,
  dialogues: dialoguesDa,
  search: searchDa,
  following: followingDa,
  language: { changed: 'Jeg skriver nu på dansk.' },
};
export type Strings = typeof da;
