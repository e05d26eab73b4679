/**
 * How long each kind of personal data is kept (GDPR Art. 5(1)(e), storage limitation). The defaults are a
 * proposal for the data protection officer to confirm; each is a setting.
 */
export interface RetentionRules {
  /** Notes and agreements of a contract-holder dialogue, counted from the meeting. */
  dialogueNotesYears: number;
  /** A declined proposal (with its supporters), counted from the decision. */
  declinedProposalsMonths: number;
  /** External actors' names and contact details, counted from when their cluster's mission concluded. */
  externalsDays: number;
  /** The content of messages the app sent (delivered or given up), counted from sending. */
  messagesDays: number;
  /** Entries of the audit log, except the record of an erasure. */
  auditYears: number;
}

export const DEFAULT_RETENTION: RetentionRules = {
  dialogueNotesYears: 5,
  declinedProposalsMonths: 12,
  externalsDays: 30,
  messagesDays: 90,
  auditYears: 5,
};

/** What a run removed or anonymised, per kind. */
export interface RetentionReport {
  dialogueNotes: number;
  dialogueAgreements: number;
  declinedProposals: number;
  externals: number;
  messages: number;
  auditEntries: number;
}

/** Months and years back from `now`, as calendar arithmetic (29 February minus a year is 28 February). */
export function before(now: Date, amount: { years?: number; months?: number; days?: number }): Date {
  const d = new Date(now.getTime());
  if (amount.years) d.setUTCFullYear(d.getUTCFullYear() - amount.years);
  if (amount.months) d.setUTCMonth(d.getUTCMonth() - amount.months);
  if (amount.days) d.setUTCDate(d.getUTCDate() - amount.days);
  return d;
}

export const ANONYMOUS_EXTERNAL = 'Ekstern aktør (anonymiseret)';
