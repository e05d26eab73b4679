/** Typed text the bot understands; everything else gets the help card. */
export type Command = 'help' | 'propose' | 'mine' | 'all' | 'decisions' | 'myClusters' | 'findClusters' | 'formCluster' | 'logLearning' | 'overview' | 'digest' | 'planDialogue' | 'myDialogues' | 'dialogueArea' | 'welcome';

const COMMANDS: [Command, string[]][] = [
  ['help', ['hjælp', 'hjaelp', 'help', '?', 'menu', 'hvad kan du']],
  ['propose', ['foreslå en mission', 'foreslå mission', 'foreslaa en mission', 'ny mission', 'propose a mission', 'propose', 'new mission', 'foreslå']],
  ['mine', ['mine missioner', 'my missions', 'mine']],
  ['all', ['alle missioner', 'all missions', 'missioner', 'missions']],
  ['decisions', ['til beslutning', 'beslutninger', 'decisions', 'to decide']],
  ['myClusters', ['mine klynger', 'my clusters']],
  ['findClusters', ['find klynger', 'find en klynge', 'alle klynger', 'klynger', 'find clusters', 'all clusters', 'clusters']],
  ['formCluster', ['dan en klynge', 'dan klynge', 'ny klynge', 'opret klynge', 'form a cluster', 'new cluster', 'create cluster']],
  ['logLearning', ['registrér læring', 'registrer læring', 'registrér en læring', 'ny læring', 'læring', 'log learning', 'log a learning', 'learning']],
  ['overview', ['overblik', 'det samlede billede', 'samlet overblik', 'overview', 'the whole picture']],
  ['digest', ['ledertræf', 'ledertraef', 'ledertræf-opsamling', 'opsamling', 'digest', 'learning digest']],
  ['planDialogue', ['planlæg kontraktholderdialog', 'planlæg en kontraktholderdialog', 'planlæg dialog', 'ny dialog', 'kontraktholderdialog', 'schedule a dialogue', 'schedule dialogue', 'plan dialogue']],
  ['dialogueArea', ['dialoger i mit område', 'mit område', 'dialogues in my area', 'my area']],
  ['myDialogues', ['mine dialoger', 'mine kontraktholderdialoger', 'dialoger', 'my dialogues', 'dialogues']],
  ['welcome', ['hej', 'hello', 'hi', 'start', 'godmorgen', 'goddag']],
];

/** Removes @mentions and punctuation, folds case and spacing. */
export function normaliseText(text: string | undefined): string {
  return (text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[.!,;:"'«»]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Exact phrases first; then a longer sentence that contains a command phrase ("kan du hjælpe?" → help). */
export function recogniseCommand(text: string | undefined): Command | undefined {
  const t = normaliseText(text);
  if (!t) return undefined;
  for (const [command, phrases] of COMMANDS) if (phrases.includes(t)) return command;
  const words = ` ${t.replace(/[?]/g, ' ')} `;
  for (const [command, phrases] of COMMANDS) {
    if (command === 'welcome') continue;
    if (phrases.some((p) => p.length > 3 && (words.includes(` ${p} `) || (p.startsWith('hjælp') && /\shjælpe?\s/.test(words))))) return command;
  }
  return undefined;
}
