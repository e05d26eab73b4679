import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { appendAudit } from '../store/audit.repository.js';
import { withTransaction } from '../store/database.js';
import {
  deletePerson,
  findPersonByKey,
  forgetContact,
  insertPseudonym,
  lockPerson,
  otherPersonIds,
  replacePerson,
  rowsAbout,
  type PersonKey,
} from '../store/privacy.repository.js';

export { findPersonByKey, type PersonKey };

/** How an erased person is named wherever they appeared. */
export const FORMER_EMPLOYEE = 'Tidligere medarbejder';
/** What stands in for other people's ids in an export: their data is not the requester's to receive. */
export const OTHER_PERSON = '(en anden person)';

/** What each table holds, in words a data protection officer reads (Danish; the file itself is English JSON). */
const TABLE_LABELS: Record<string, string> = {
  persons: 'Personen (navn, e-mail, enhed, roller, sprog)',
  org_units: 'Enheder, hvor personen er leder, fagchef eller direktør',
  conversation_refs: 'Adressen på personens chat med appen (til beskeder)',
  missions: 'Missioner, personen har foreslået eller besluttet',
  mission_supporters: 'Missioner, personen støtter',
  audit_log: 'Revisionsspor: handlinger foretaget af eller om personen',
  outbox: 'Beskeder til personen (sendte og ventende)',
  reminders_sent: 'Påmindelser sendt til personen',
  clusters: 'Klynger, personen er tovholder for eller har dannet',
  cluster_members: 'Medlemskaber af klynger',
  cluster_externals: 'Eksterne aktører, personen har registreret',
  initiatives: 'Indsatser, personen ejer eller har oprettet',
  learnings: 'Læringer, personen har registreret',
  portfolio_reviews: 'Porteføljereviews, personen har åbnet eller afsluttet',
  review_decisions: 'Vurderinger, personen har truffet',
  dialogues: 'Kontraktholderdialoger, personen deltager i (med noter)',
  dialogue_agreements: 'Aftaler fra dialoger, som personen ejer eller har afsluttet',
  follows: 'Missioner og klynger, personen følger',
  person_settings: 'Personens egne valg (ugentlig oversigt, navn vist som bidragyder)',
  digests_sent: 'Ugentlige oversigter ("Nyt fra det, du følger") lavet til personen',
};

/** Replaces other people's ids (strings equal to one) anywhere in a value, keeping its shape. */
function redact(value: unknown, others: Set<string>): unknown {
  if (typeof value === 'string') return others.has(value) ? OTHER_PERSON : value;
  if (Array.isArray(value)) return value.map((v) => redact(v, others));
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, others)]));
  return value;
}

export interface PersonExport {
  person: PersonKey;
  generatedAt: Date;
  /** Table name → the rows that refer to the person. */
  records: Record<string, Record<string, unknown>[]>;
  /** A readable summary (Markdown, Danish) of what is held and where. */
  summary: string;
}

/**
 * Everything the app holds about one person (GDPR Art. 15): every row of every table that refers to
 * them, with other people's ids replaced. The export itself is recorded in the audit log.
 */
export async function exportPerson(
  pool: pg.Pool,
  key: string,
  by: string,
  now = new Date(),
): Promise<PersonExport | undefined> {
  const person = await findPersonByKey(pool, key);
  if (!person) return undefined;
  const raw = await rowsAbout(pool, person.id);
  const others = await otherPersonIds(pool, person.id);
  const records = Object.fromEntries(
    Object.entries(raw).map(([table, rows]) => [table, rows.map((r) => redact(r, others) as Record<string, unknown>)]),
  );
  await appendAudit(pool, {
    actorId: by,
    action: 'person.exported',
    entity: 'person',
    entityId: person.id,
    details: { tables: Object.fromEntries(Object.entries(records).map(([t, rows]) => [t, rows.length])) },
  });
  const lines = [
    `# Persondata: ${person.name}`,
    '',
    `Udtræk efter databeskyttelsesforordningens artikel 15, dannet ${now.toISOString()}.`,
    `Entra-objekt-id: ${person.id}${person.email ? ` · e-mail: ${person.email}` : ''}`,
    '',
    '| Hvad | Antal |',
    '| --- | --- |',
    ...Object.entries(records).map(
      ([table, rows]) => `| ${TABLE_LABELS[table] ?? table} (\`${table}\`) | ${rows.length} |`,
    ),
    '',
    `Andre personers id'er er erstattet med "${OTHER_PERSON}". Alle felter står i JSON-filen.`,
    '',
  ];
  return { person, generatedAt: now, records, summary: lines.join('\n') };
}

export interface Erasure {
  pseudonymId: string;
  changed: Record<string, number>;
}

/**
 * Erases one person (GDPR Art. 17) in one transaction. The organisation's history stays readable: a
 * pseudonym row named "Tidligere medarbejder" takes their place in every record, and their name and
 * email are replaced wherever they were written. Their chat address and the messages to them go.
 * The erasure itself stays in the audit log, without anything that identifies the person.
 */
export async function erasePerson(
  pool: pg.Pool,
  key: string,
  o: { by: string; caseRef?: string },
): Promise<Erasure | undefined> {
  return withTransaction(pool, async (tx) => {
    const person = await findPersonByKey(tx, key);
    if (!person) return undefined;
    await lockPerson(tx, person.id);
    const pseudonymId = `former-${randomUUID()}`;
    await insertPseudonym(tx, pseudonymId, FORMER_EMPLOYEE);
    // Where to reach them, and what was sent to them, serves nobody once they are gone.
    const conversations = await forgetContact(tx, person.id);
    const words = [{ find: person.name, replace: FORMER_EMPLOYEE }];
    if (person.email) words.push({ find: person.email, replace: FORMER_EMPLOYEE.toLowerCase() });
    // A chat's id may be written elsewhere too (and the Playground's carry the person's name).
    for (const conversation of conversations) words.push({ find: conversation, replace: 'slettet-samtale' });
    const changed = await replacePerson(tx, person.id, pseudonymId, words);
    await deletePerson(tx, person.id);
    await appendAudit(tx, {
      actorId: o.by,
      action: 'person.erased',
      entity: 'person',
      entityId: pseudonymId,
      details: { case: o.caseRef ?? null, changed },
    });
    return { pseudonymId, changed };
  });
}
