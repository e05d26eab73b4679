import type pg from 'pg';
import { ANONYMOUS_EXTERNAL, before, type RetentionReport, type RetentionRules } from '../domain/retention.js';
import { appendAudit } from '../store/audit.repository.js';
import { withTransaction } from '../store/database.js';

/**
 * Deletes or anonymises what has passed its retention time, in one transaction, and records what it did
 * in the audit log. Safe to run twice: a second run finds nothing left to do and records nothing.
 */
export async function runRetention(pool: pg.Pool, rules: RetentionRules, now = new Date()): Promise<RetentionReport> {
  return withTransaction(pool, async (tx) => {
    const n = async (sql: string, params: unknown[]) => (await tx.query(sql, params)).rowCount ?? 0;
    const dialogueCutoff = before(now, { years: rules.dialogueNotesYears });
    const report: RetentionReport = {
      dialogueAgreements: await n(
        `DELETE FROM dialogue_agreements a USING dialogues d WHERE a.dialogue_id = d.id AND d.ends_at < $1`,
        [dialogueCutoff],
      ),
      dialogueNotes: await n(
        `UPDATE dialogues SET notes = NULL, updated_at = now() WHERE notes IS NOT NULL AND ends_at < $1`,
        [dialogueCutoff],
      ),
      // A declined proposal never got a cluster; the guard keeps it that way should one ever refer to it.
      declinedProposals: await n(
        `DELETE FROM missions m WHERE m.status = 'declined' AND m.decided_at < $1 AND NOT EXISTS (SELECT 1 FROM clusters c WHERE c.mission_id = m.id)`,
        [before(now, { months: rules.declinedProposalsMonths })],
      ),
      // A cluster's work ends when its mission concludes; its external actors' details go some days later.
      externals: await n(
        `UPDATE cluster_externals e SET name = $2, email = NULL, role = NULL
         FROM clusters c JOIN missions m ON m.id = c.mission_id
         WHERE e.cluster_id = c.id AND m.status = 'concluded' AND (e.name <> $2 OR e.email IS NOT NULL OR e.role IS NOT NULL)
           AND coalesce((SELECT max(a.at) FROM audit_log a WHERE a.action = 'mission.concluded' AND a.entity_id = m.id::text), m.updated_at) < $1`,
        [before(now, { days: rules.externalsDays }), ANONYMOUS_EXTERNAL],
      ),
      // The row stays (its key keeps a retried action from sending twice); what it said goes.
      messages: await n(
        `UPDATE outbox SET payload = '{"expired": true}'::jsonb
         WHERE coalesce(delivered_at, failed_at) < $1 AND NOT payload ? 'expired'`,
        [before(now, { days: rules.messagesDays })],
      ),
      auditEntries: await n(`DELETE FROM audit_log WHERE at < $1 AND action <> 'person.erased'`, [
        before(now, { years: rules.auditYears }),
      ]),
    };
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
