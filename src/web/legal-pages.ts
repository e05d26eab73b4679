import { escapeHtml } from '../lib/html.js';

/**
 * The privacy statement and terms of use the app manifest links to (developer.privacyUrl and
 * developer.termsOfUseUrl, required for an app in an organisation's catalogue). Danish by default,
 * English with ?lang=en or when the browser prefers English. The privacy text follows
 * docs/databeskyttelse.md, which the data protection officer keeps.
 */
export type LegalPage = 'privacy' | 'terms';
type Lang = 'da' | 'en';

interface Section {
  heading: string;
  paragraphs: string[];
}

const PAGES: Record<LegalPage, Record<Lang, { title: string; intro: string; sections: Section[] }>> = {
  privacy: {
    da: {
      title: 'Missionsklynger: privatlivserklæring',
      intro:
        'Missionsklynger er Skanderborg Kommunes app i Microsoft Teams til missionsklynger og kontraktholderdialoger. Kommunen er dataansvarlig.',
      sections: [
        {
          heading: 'Hvad appen gemmer',
          paragraphs: [
            'Medarbejdernes Entra-id, navn, e-mail, enhed og roller fra kommunens organisationsimport; missioner, klynger og deres medlemmer, indsatser og læringer; kontraktholderdialoger med dagsorden, noter og aftaler; beskeder, appen har sendt.',
            'Klyngens medlemmer bliver medlemmer af klyngens kanal i Teams. Kalenderens ledig/optaget læses fra Microsoft 365, når en dialog planlægges, og gemmes ikke.',
          ],
        },
        {
          heading: 'Hvem kan se hvad',
          paragraphs: [
            'Missioner, klynger og porteføljer kan ses af kommunens medarbejdere. En kontraktholderdialog kan kun ses af de tre deltagere (direktør, fagchef og leder) og kun i deres personlige chat med appen; administratorers læsning logges.',
          ],
        },
        {
          heading: 'Opbevaring og sletning',
          paragraphs: [
            'Data ligger i kommunens database i en EU-region og i kommunens Microsoft 365. Dialognoter og aftaler slettes efter fem år, sendte beskeder efter 90 dage, afviste forslag efter 12 måneder; kommunen kan ændre fristerne.',
          ],
        },
        {
          heading: 'Dine rettigheder',
          paragraphs: [
            'Du kan få indsigt i, hvad appen har om dig, og bede om rettelse eller sletning. Kontakt kommunens databeskyttelsesrådgiver (DPO) eller din nærmeste leder.',
          ],
        },
      ],
    },
    en: {
      title: 'Missionsklynger: privacy statement',
      intro:
        'Missionsklynger is Skanderborg Municipality’s Microsoft Teams app for mission clusters and contract-holder dialogues. The municipality is the data controller.',
      sections: [
        {
          heading: 'What the app stores',
          paragraphs: [
            'Staff members’ Entra id, name, email, unit and roles from the municipality’s organisation import; missions, clusters and their members, initiatives and learnings; contract-holder dialogues with agenda, notes and agreements; messages the app has sent.',
            'A cluster’s members become members of the cluster’s channel in Teams. Calendar free/busy is read from Microsoft 365 when a dialogue is planned, and not stored.',
          ],
        },
        {
          heading: 'Who sees what',
          paragraphs: [
            'Missions, clusters and portfolios are visible to the municipality’s staff. A contract-holder dialogue is visible only to its three participants (director, department head and unit leader), and only in their personal chat with the app; administrators’ reading is logged.',
          ],
        },
        {
          heading: 'Keeping and deleting',
          paragraphs: [
            'Data is kept in the municipality’s database in an EU region and in its Microsoft 365. Dialogue notes and agreements are deleted after five years, sent messages after 90 days, declined proposals after 12 months; the municipality can change these periods.',
          ],
        },
        {
          heading: 'Your rights',
          paragraphs: [
            'You can see what the app holds about you and ask for correction or erasure. Contact the municipality’s data protection officer (DPO) or your manager.',
          ],
        },
      ],
    },
  },
  terms: {
    da: {
      title: 'Missionsklynger: vilkår for brug',
      intro:
        'Missionsklynger stilles til rådighed af Skanderborg Kommune for kommunens medarbejdere og samarbejdspartnere i kommunens Microsoft Teams.',
      sections: [
        {
          heading: 'Brug',
          paragraphs: [
            'Brug appen til kommunens udviklingsarbejde: missioner, missionsklynger, porteføljer og kontraktholderdialoger. Følg kommunens retningslinjer for informationssikkerhed og god forvaltningsskik; skriv ikke følsomme personoplysninger om borgere i appen.',
          ],
        },
        {
          heading: 'Ansvar',
          paragraphs: [
            'Kommunen driver appen og kan ændre eller lukke den. Spørgsmål og fejl meldes til kommunens IT-support.',
          ],
        },
      ],
    },
    en: {
      title: 'Missionsklynger: terms of use',
      intro:
        'Missionsklynger is provided by Skanderborg Municipality for its staff and partners in the municipality’s Microsoft Teams.',
      sections: [
        {
          heading: 'Use',
          paragraphs: [
            'Use the app for the municipality’s development work: missions, mission clusters, portfolios and contract-holder dialogues. Follow the municipality’s information security guidelines; do not write sensitive personal data about citizens in the app.',
          ],
        },
        {
          heading: 'Responsibility',
          paragraphs: [
            'The municipality runs the app and may change or close it. Report questions and faults to the municipality’s IT support.',
          ],
        },
      ],
    },
  },
};

/** Danish unless ?lang=en, or the browser prefers English to Danish. */
export function legalLanguage(query: string | undefined, acceptLanguage: string | undefined): Lang {
  const asked = /(?:^|&)lang=(da|en)(?:&|$)/.exec(query ?? '')?.[1] as Lang | undefined;
  if (asked) return asked;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'da';
}

export function renderLegalPage(page: LegalPage, lang: Lang): string {
  const p = PAGES[page][lang];
  const other: Lang = lang === 'da' ? 'en' : 'da';
  const switchText = lang === 'da' ? 'English' : 'Dansk';
  const sections = p.sections
    .map((s) => `<h2>${escapeHtml(s.heading)}</h2>\n${s.paragraphs.map((x) => `<p>${escapeHtml(x)}</p>`).join('\n')}`)
    .join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>body{font-family:"Segoe UI",system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#242424}h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:1.6rem}a{color:#0f6cbd}</style>
</head>
<body>
<p><a href="?lang=${other}" hreflang="${other}">${switchText}</a></p>
<h1>${escapeHtml(p.title)}</h1>
<p>${escapeHtml(p.intro)}</p>
${sections}
</body>
</html>
`;
}
