import type pg from 'pg';
import { ANONYMOUS_EXTERNAL, before, type RetentionReport, type RetentionRules } from '../domain/retention.js';
import { appendAudit } from '../store/audit.repository.js';
import { withTransaction } from '../store/database.js';
import { applyRetention } from '../store/retention.repository.js';

/**
 * Deletes or anonymises what has passed its retention time, in one transaction, and records what it did
 * in the audit log. Safe to run twice: a second run finds nothing left to do and records nothing.
 */
export async function runRetention(pool: pg.Pool, rules: RetentionRules, now = new Date()): Promise<RetentionReport> {
  return withTransaction(pool, async (tx) => {
    const report = await applyRetention(
      tx,
      {
        dialogues: before(now, { years: rules.dialogueNotesYears }),
        declinedProposals: before(now, { months: rules.declinedProposalsMonths }),
        externals: before(now, { days: rules.externalsDays }),
        messages: before(now, { days: rules.messagesDays }),
        audit: before(now, { years: rules.auditYears }),
      },
      ANONYMOUS_EXTERNAL,
    );
    if (Object.values(report).some((v) => v > 0)) {
      await appendAudit(tx, {
        actorId: null,
        action: 'retention.run',
        entity: 'retention',
        entityId: now.toISOString().slice(0, 10),
        details: { ...report },
      });
    }
    return report;
  });
}
