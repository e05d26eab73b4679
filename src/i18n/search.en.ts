import type { searchDa } from './search.da.js';

export const searchEn: typeof searchDa = {
  kind: { mission: 'Mission', cluster: 'Cluster', initiative: 'Initiative' },
  open: 'Open in Missionsklynger',
  inCluster: (name: string) => `Cluster: ${name}`,
  ofMission: (title: string) => `Mission: ${title}`,
  proposeTitle: 'Propose a mission from this message',
  proposeFromMessage: 'The message text is filled in. Edit it, and choose the track and problems.',
  proposed: (title: string) =>
    `Thank you! The mission "${title}" has been proposed. The group management will decide on it, and you will hear in your chat with Missionsklynger.`,
  unknownCommand: 'I do not know that command. Update the app and try again.',
  failed: (ref: string) => `The search could not be done just now. Try again in a moment (reference ${ref}).`,
  notFound: 'The link points to something that does not exist (any more).',
};
