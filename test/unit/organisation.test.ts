import { describe, expect, it } from '@jest/globals';
import { OrganisationSchema, resolvePeople } from '../../src/domain/organisation.js';
import { parseCsv } from '../../src/services/csv.js';
import { recogniseCommand } from '../../src/conversation/commands.js';

describe('importing the organisation', () => {
  const org = OrganisationSchema.parse({
    units: [
      {
        id: 'skole',
        name: 'Skole Syd',
        kind: 'contractUnit',
        leader: 'lars@k.dk',
        departmentHead: 'p2',
        director: 'p3',
      },
    ],
    people: [
      { id: 'p1', name: 'Lars', email: 'lars@k.dk', unit: 'skole' },
      { id: 'p2', name: 'Henrik', roles: 'groupManagement' },
      { id: 'p3', name: 'Mette', groups: 'g-admins;g-other' },
    ],
  });

  it('derives roles from the unit structure, the import and the Entra group mapping', () => {
    const { people, problems } = resolvePeople(org, { 'g-admins': ['admin'] });
    expect(problems).toEqual([]);
    expect(people.find((p) => p.id === 'p1')!.roles).toEqual(['contractHolder', 'employee']);
    expect(people.find((p) => p.id === 'p2')!.roles).toEqual(['departmentHead', 'employee', 'groupManagement']);
    expect(people.find((p) => p.id === 'p3')!.roles).toEqual(['admin', 'director', 'employee']);
  });

  it('names every broken reference instead of importing half an organisation', () => {
    const broken = OrganisationSchema.parse({
      units: [{ id: 'u', name: 'U', kind: 'staff', parent: 'nowhere', leader: 'ghost@k.dk' }],
      people: [{ id: 'p', name: 'P', unit: 'missing' }],
    });
    const { problems } = resolvePeople(broken, {});
    expect(problems).toEqual([
      'unit u: parent "nowhere" is not among the units',
      'unit u: contractHolder "ghost@k.dk" is not among the people',
      'person p: unit "missing" is not among the units',
    ]);
  });

  it('refuses unknown roles in the file', () => {
    expect(OrganisationSchema.safeParse({ people: [{ id: 'p', name: 'P', roles: 'emperor' }] }).success).toBe(false);
  });

  it('reads CSV with quotes, semicolons (Danish Excel) and a byte-order mark', () => {
    expect(parseCsv('\uFEFFid;name;roles\r\np1;"Sørensen; Anne";admin|director\r\n')).toEqual([
      { id: 'p1', name: 'Sørensen; Anne', roles: 'admin|director' },
    ]);
    expect(parseCsv('id,name\np1,"Say ""hi"""\n')).toEqual([{ id: 'p1', name: 'Say "hi"' }]);
  });
});

describe('understanding typed commands', () => {
  it('knows Danish and English commands and ignores @mentions and punctuation', () => {
    expect(recogniseCommand('<at>DUS Missionsassistent</at> Hjælp!')).toBe('help');
    expect(recogniseCommand('Foreslå en mission')).toBe('propose');
    expect(recogniseCommand('my missions')).toBe('mine');
    expect(recogniseCommand('Alle missioner')).toBe('all');
    expect(recogniseCommand('til beslutning')).toBe('decisions');
    expect(recogniseCommand('Hej DUS Missionsassistent, hvad kan du hjælpe med?')).toBe('help');
    expect(recogniseCommand('hvad med kaffe')).toBeUndefined();
  });

  it('understands the common ways people ask, in Danish and English, and what they ask for wins over "help"', () => {
    const asked: [string, string][] = [
      ['Jeg vil gerne foreslå noget, kan du hjælpe mig?', 'propose'],
      ['Jeg har en idé til en mission', 'propose'],
      ['Hvordan foreslår jeg en mission?', 'propose'],
      ['I would like to suggest a mission', 'propose'],
      ['I have an idea for a mission, can you help me?', 'propose'],
      ['Kan du vise mine missioner?', 'mine'],
      ['Vis alle missioner', 'all'],
      ['Jeg vil gerne starte en klynge', 'formCluster'],
      ['Hvordan opretter jeg... nej, opret en klynge', 'formCluster'],
      ['Jeg vil gerne være med i en klynge', 'findClusters'],
      ['How do I join a cluster?', 'findClusters'],
      ['Vi har lært noget vigtigt i dag', 'logLearning'],
      ['Show me the learning digest', 'digest'],
      ['Jeg skal planlægge en kontraktholderdialog med Skole Syd', 'planDialogue'],
      ['Can I book a dialogue?', 'planDialogue'],
      ['Hvornår er mine dialoger?', 'myDialogues'],
      ['Hvad kan du?', 'help'],
      ['Kan du hjælpe mig?', 'help'],
      ['What can you do', 'help'],
    ];
    expect(asked.map(([text]) => [text, recogniseCommand(text)])).toEqual(asked);
  });
});
