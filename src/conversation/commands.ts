/** Typed text the bot understands; everything else gets the help card. */
export type Command =
  | 'help'
  | 'propose'
  | 'mine'
  | 'all'
  | 'decisions'
  | 'myClusters'
  | 'findClusters'
  | 'formCluster'
  | 'logLearning'
  | 'overview'
  | 'digest'
  | 'planDialogue'
  | 'myDialogues'
  | 'dialogueArea'
  | 'settings'
  | 'welcome';

const COMMANDS: [Command, string[]][] = [
  [
    'help',
    [
      'hjælp',
      'hjaelp',
      'help',
      '?',
      'menu',
      'hvad kan du',
      'hjælp mig',
      'help me',
      'what can you do',
      'hvordan virker du',
      'how does this work',
    ],
  ],
  [
    'propose',
    [
      'foreslå en mission',
      'foreslå mission',
      'foreslaa en mission',
      'ny mission',
      'propose a mission',
      'propose',
      'new mission',
      'foreslå',
      'foreslår',
      'foreslaa',
      'et forslag',
      'forslag til en mission',
      'har en idé',
      'har en ide',
      'en idé til en mission',
      'suggest a mission',
      'suggest',
      'proposal',
      'have an idea',
      'an idea for a mission',
    ],
  ],
  ['mine', ['mine missioner', 'my missions', 'mine']],
  ['all', ['alle missioner', 'all missions', 'missioner', 'missions']],
  ['decisions', ['til beslutning', 'beslutninger', 'decisions', 'to decide']],
  ['myClusters', ['mine klynger', 'my clusters']],
  [
    'formCluster',
    [
      'dan en klynge',
      'dan klynge',
      'ny klynge',
      'opret klynge',
      'form a cluster',
      'new cluster',
      'create cluster',
      'oprette en klynge',
      'opret en klynge',
      'starte en klynge',
      'start en klynge',
      'lave en klynge',
      'start a cluster',
      'create a cluster',
    ],
  ],
  [
    'findClusters',
    [
      'find klynger',
      'find en klynge',
      'alle klynger',
      'klynger',
      'find clusters',
      'all clusters',
      'clusters',
      'en klynge',
      'klyngerne',
      'join a cluster',
      'a cluster',
    ],
  ],
  [
    'settings',
    [
      'indstillinger',
      'mine indstillinger',
      'det jeg følger',
      'hvad følger jeg',
      'ugentlig oversigt',
      'settings',
      'my settings',
      'what i follow',
      'weekly digest',
    ],
  ],
  ['digest', ['ledertræf', 'ledertraef', 'ledertræf-opsamling', 'opsamling', 'digest', 'learning digest']],
  [
    'logLearning',
    [
      'registrér læring',
      'registrer læring',
      'registrér en læring',
      'ny læring',
      'læring',
      'log learning',
      'log a learning',
      'learning',
      'en læring',
      'har lært',
      'share what we learned',
      'we learned',
    ],
  ],
  ['overview', ['overblik', 'det samlede billede', 'samlet overblik', 'overview', 'the whole picture']],
  [
    'planDialogue',
    [
      'planlæg kontraktholderdialog',
      'planlæg en kontraktholderdialog',
      'planlæg dialog',
      'ny dialog',
      'kontraktholderdialog',
      'schedule a dialogue',
      'schedule dialogue',
      'plan dialogue',
      'planlægge en dialog',
      'planlægge en kontraktholderdialog',
      'planlæg en dialog',
      'book en dialog',
      'book a dialogue',
      'plan a dialogue',
    ],
  ],
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

/**
 * Exact phrases first; then a longer sentence that contains a command phrase. What someone asks for wins
 * over a plea for help around it: "Jeg vil gerne foreslå noget, kan du hjælpe mig?" opens the proposal
 * form; "kan du hjælpe?" alone is help.
 */
export function recogniseCommand(text: string | undefined): Command | undefined {
  const t = normaliseText(text);
  if (!t) return undefined;
  for (const [command, phrases] of COMMANDS) if (phrases.includes(t)) return command;
  const words = ` ${t.replace(/[?]/g, ' ')} `;
  // The longest phrase found decides ("mine dialoger" over "mine"); on a tie, the earlier command.
  const longest = (phrases: string[]) =>
    Math.max(0, ...phrases.filter((p) => p.length > 3 && words.includes(` ${p} `)).map((p) => p.length));
  let best: { command: Command; length: number } | undefined;
  for (const [command, phrases] of COMMANDS) {
    if (command === 'welcome' || command === 'help') continue;
    const length = longest(phrases);
    if (length > (best?.length ?? 0)) best = { command, length };
  }
  if (best) return best.command;
  const help = COMMANDS.find(([c]) => c === 'help')![1];
  return longest(help) > 0 || /\shjælpe?\s/.test(words) ? 'help' : undefined;
}
