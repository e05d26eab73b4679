/** Danish texts for a mission's history, following, the followers' digest and the answer clock. */
import { elapsed } from '../domain/elapsed.js';

const people = (names: string[], count: number) => {
  const others = count - names.length;
  const shown = names.join(', ');
  if (!names.length) return count === 1 ? '1 person' : `${count} personer`;
  return others > 0 ? `${shown} og ${others === 1 ? '1 anden' : `${others} andre`}` : shown;
};

/** A time that has passed, in days, by the one rule of domain/elapsed.ts. */
const span = (days: number) => {
  const e = elapsed(days);
  if (e.unit === 'underAnHour') return 'under 1 time';
  if (e.unit === 'hour') return e.n === 1 ? '1 time' : `${e.n} timer`;
  return e.n === 1 ? '1 dag' : `${e.n.toLocaleString('da-DK')} dage`;
};

export const followingDa = {
  actions: {
    history: 'Historik',
    follow: 'Følg',
    unfollow: 'Følg ikke længere',
    earlier: 'Tidligere',
    later: 'Senere',
    fromStart: 'Fra begyndelsen',
    newest: 'Det nyeste',
    settings: 'Indstillinger',
    save: 'Gem',
    open: 'Åbn',
  },
  history: {
    title: (mission: string) => `Historik: ${mission}`,
    intro: 'Missionens vej fra forslag til læring, det ældste først.',
    empty: 'Der er ikke sket noget endnu.',
    pageOf: (page: number, pages: number, total: number) =>
      `Side ${page} af ${pages} · ${total === 1 ? '1 begivenhed' : `${total} begivenheder`}`,
    notFound: 'Missionen findes ikke, eller du kan ikke se den.',
    proposed: (by: string) => `Foreslået af ${by}`,
    supported: (names: string[], count: number) =>
      `${count === 1 ? 'Ny bidragyder' : `${count} nye bidragydere`}${names.length ? `: ${people(names, count)}` : ''}`,
    decided: (status: string, by: string) => `Besluttet: ${status} (${by})`,
    concluded: (by: string) => `Missionen er afsluttet (${by})`,
    reason: (text: string) => `Begrundelse: ${text}`,
    achieved: (text: string) => `Opnået: ${text}`,
    clusterFormed: (name: string, by: string) => `Klyngen "${name}" er dannet af ${by}`,
    joined: (cluster: string, names: string[], count: number) => `Med i "${cluster}": ${people(names, count)}`,
    initiativeStarted: (kind: string, title: string, cluster: string) => `${kind} "${title}" startet i ${cluster}`,
    stageMoved: (title: string, from: string, to: string) => `"${title}": ${from} → ${to}`,
    reviewDecided: (title: string, decision: string) => `Review af "${title}": ${decision}`,
    rationale: (text: string) => `Rationale: ${text}`,
    learning: (title: string, by: string) => `Læring om "${title}" fra ${by}`,
    stoppedLearning: (title: string) => `Derfor stoppede vi "${title}"`,
    ledertraef: (from: string, to: string, n: number) =>
      `Med i Ledertræf-opsamlingen ${from} – ${to} (${n === 1 ? '1 læring' : `${n} læringer`})`,
    reviewDecision: { continue: 'fortsæt', adjust: 'justér', scale: 'skalér', stop: 'stop' } as Record<string, string>,
  },
  follow: {
    following: '✓ Du følger',
    followed: (title: string, cadence: string) =>
      `Du følger nu "${title}". ${
        cadence === 'off'
          ? 'Din oversigt er slået fra, så du får ikke nyt om det. Slå den til under Indstillinger.'
          : cadence === 'fortnightly'
            ? 'Nyt kommer i din oversigt hver anden mandag kl. 8.'
            : 'Nyt kommer i din ugentlige oversigt mandag kl. 8.'
      }`,
    already: (title: string) => `Du følger allerede "${title}".`,
    unfollowed: (title: string) => `Du følger ikke længere "${title}".`,
    notFound: 'Det findes ikke længere, eller du kan ikke se det.',
    /** Stopped following something one may not see (any more): said without its title. */
    unfollowedUnseen: 'Du følger det ikke længere.',
  },
  settings: {
    title: 'Indstillinger',
    digestLabel: 'Nyt fra det, du følger',
    digest: {
      weekly: 'Hver uge (mandag kl. 8)',
      fortnightly: 'Hver anden uge (mandag kl. 8)',
      off: 'Slået fra',
    } as Record<string, string>,
    showSupport: 'Vis mit navn i historikken, når jeg bliver bidragyder',
    showSupportNote:
      'Gælder, når du støtter et forslag. Er du med i en klynge, nævnes du i historikken og i oversigterne, som på klyngens kort, uanset denne indstilling.',
    invalidShowSupport: 'Vælg, om dit navn skal vises (til eller fra). Intet er gemt.',
    followedTitle: 'Det, du følger',
    noneFollowed: 'Du følger ikke noget endnu. Tryk "Følg" på en mission eller en klynge.',
    more: (n: number) => `… og ${n} mere`,
    saved: 'Dine indstillinger er gemt.',
    invalid: 'Vælg hvor ofte, du vil have oversigten. Intet er gemt.',
    mission: 'Mission',
    cluster: 'Klynge',
  },
  digest: {
    title: 'Nyt fra det, du følger',
    intro: (from: string) => `Det er sket siden ${from}.`,
    more: (n: number) => (n === 1 ? '… og 1 ting mere' : `… og ${n} ting mere`),
    moreEntities: (n: number) =>
      n === 1 ? 'Der er også nyt i 1 andet, du følger.' : `Der er også nyt i ${n} andre, du følger.`,
    footer: 'Du får denne oversigt, fordi du følger missioner eller klynger.',
    cluster: (name: string) => `Klynge: ${name}`,
  },
  clock: {
    waited: (days: number) => `Har ventet ${span(days)}`,
    deadline: (date: string) => `svarfrist ${date}`,
    overdue: (date: string) => `svarfristen var ${date}`,
    sorted: 'Sorteret efter svarfrist: det forslag, der har ventet længst, står først.',
    overdueTitle: 'Dit forslag venter stadig',
    overdueBody: (title: string, days: number, expected: string) =>
      `"${title}" har ventet længere end svarfristen på ${days} dage. Koncernledelsen er mindet om det, og du kan forvente en beslutning senest ${expected}.`,
    median: (days: number) => `Halvdelen af forslagene de seneste 90 dage fik svar inden for ${span(days)}.`,
  },
  overview: {
    answerTitle: 'Svartid på forslag',
    median: (days: number) => `Mediantid til beslutning, seneste 90 dage: ${span(days)}`,
    noDecisions: 'Ingen forslag er besluttet de seneste 90 dage.',
    decided: (n: number) => (n === 1 ? '1 beslutning' : `${n} beslutninger`),
    oldest: (title: string, days: number) => `Ældste ubesvarede forslag: "${title}" (${span(days)})`,
  },
};
