/**
 * What the server itself answers with: HTTP refusals, the signed links' errors and the tab page's shell.
 * Danish first, then English, in one text: these answers reach whoever asked, before the app knows
 * their language (a browser, Teams' tab frame, a link opened from a card).
 */
const both = (da: string, en: string) => `${da} / ${en}`;

export const SERVER_TEXT = {
  notFound: both('Ikke fundet.', 'Not found.'),
  loopbackOnly: both(
    'Lokal tilstand svarer kun på 127.0.0.1, localhost og [::1].',
    'Local mode answers only 127.0.0.1, localhost and [::1].',
  ),
  link: {
    400: both('Linket er ufuldstændigt.', 'The link is incomplete.'),
    403: both('Linket er ikke gyldigt.', 'The link is not valid.'),
    410: both(
      'Linket er udløbet. Hent et nyt fra kortet i Teams.',
      'The link has expired; get a new one from the card in Teams.',
    ),
  },
  tab: {
    unknownFilter: both('Ukendt filter.', 'Unknown filter.'),
    clusterNotFound: both('Klyngen findes ikke.', 'The cluster does not exist.'),
    missionNotFound: both(
      'Missionen findes ikke, eller du kan ikke se den.',
      'The mission does not exist, or you cannot see it.',
    ),
    notBuilt: both('Fanen er ikke bygget: kør npm run build.', 'The tab is not built: run npm run build.'),
    loading: both('Indlæser …', 'Loading …'),
    needsJavaScript: both('Fanen kræver JavaScript.', 'The tab needs JavaScript.'),
  },
  /** Why a tab's sign-in was refused (web/tab-auth.ts's reasons, and the developer sign-in's). */
  signIn: {
    missing: both('Log ind gennem Teams.', 'Sign in through Teams.'),
    malformed: both('Login-oplysningerne kunne ikke læses.', 'The sign-in could not be read.'),
    expired: both('Dit login er udløbet. Genindlæs fanen.', 'Your sign-in has expired; reload the tab.'),
    signature: both('Login-oplysningerne er ikke gyldige.', 'The sign-in is not valid.'),
    audience: both('Login-oplysningerne er ikke til denne app.', 'The sign-in is not for this app.'),
    issuer: both(
      'Login-oplysningerne kommer ikke fra jeres organisation.',
      'The sign-in is not from your organisation.',
    ),
    tenant: both(
      'Login-oplysningerne kommer ikke fra jeres organisation.',
      'The sign-in is not from your organisation.',
    ),
    scope: both('Appen har ikke fået lov til at læse for dig.', 'The app was not granted access on your behalf.'),
    developerSignInOff: both(
      'Udviklerlogin findes kun i lokal tilstand.',
      'Developer sign-in exists only in local mode.',
    ),
    unknownPerson: both('Personen findes ikke i organisationen.', 'That person is not in the organisation.'),
  },
} as const;
