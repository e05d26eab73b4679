/** Danish texts for the message extension (search, propose from a message, link previews); search.en.ts mirrors every
 * key. */
export const searchDa = {
  kind: { mission: 'Mission', cluster: 'Klynge', initiative: 'Indsats' },
  open: 'Åbn i Missionsklynger',
  inCluster: (name: string) => `Klynge: ${name}`,
  ofMission: (title: string) => `Mission: ${title}`,
  proposeTitle: 'Foreslå mission ud fra beskeden',
  proposeFromMessage: 'Teksten fra beskeden er sat ind. Ret den til, og vælg spor og problemer.',
  proposed: (title: string) =>
    `Tak! Missionen "${title}" er foreslået. Koncernledelsen tager stilling til den, og du får besked i chatten med Missionsklynger.`,
  unknownCommand: 'Den kommando kender jeg ikke. Opdatér appen, og prøv igen.',
  failed: (ref: string) => `Søgningen kunne ikke gennemføres lige nu. Prøv igen om lidt (reference ${ref}).`,
  notFound: 'Linket peger på noget, der ikke findes (længere).',
};
