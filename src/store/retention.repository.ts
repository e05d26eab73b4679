import type { RetentionReport } from '../domain/retention.js';
import type { Queryable } from './database.js';

/** Before these moments, each kind of record has passed its retention time. */
export interface RetentionCutoffs {
  dialogues: Date;
  declinedProposals: Date;
  externals: Date;
  messages: Date;
  audit: Date;
}

/** Deletes or anonymises, inside the caller's transaction, what has passed its cutoff; counts per kind. */
export async function applyRetention(
  db: Queryable,
  cutoffs: RetentionCutoffs,
  anonymousExternal: string,
): Promise<RetentionReport> {
  const n = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rowCount ?? 0;
  const counted = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(sql, params)).rows[0].n;
  return {
    dialogueAgreements: await n(
      `DELETE FROM dialogue_agreements a USING dialogues d WHERE a.dialogue_id = d.id AND d.ends_at < $1`,
      [cutoffs.dialogues],
    ),
    dialogueNotes: await n(
      `UPDATE dialogues SET notes = NULL, updated_at = now() WHERE notes IS NOT NULL AND ends_at < $1`,
      [cutoffs.dialogues],
    ),
    // A declined proposal never got a cluster; the guard keeps it that way should one ever refer to it.
    declinedProposals: await counted(
      `WITH gone AS (
         DELETE FROM missions m WHERE m.status = 'declined' AND m.decided_at < $1
           AND NOT EXISTS (SELECT 1 FROM clusters c WHERE c.mission_id = m.id)
         RETURNING m.id),
       -- Who followed it goes with it (follows point at missions and clusters without a foreign key).
       unfollowed AS (DELETE FROM follows f USING gone WHERE f.entity = 'mission' AND f.entity_id = gone.id)
       SELECT count(*)::int AS n FROM gone`,
      [cutoffs.declinedProposals],
    ),
    // A cluster's work ends when its mission concludes; its external actors' details go some days later.
    externals: await n(
      `UPDATE cluster_externals e SET name = $2, email = NULL, role = NULL
       FROM clusters c JOIN missions m ON m.id = c.mission_id
       WHERE e.cluster_id = c.id AND m.status = 'concluded'
         AND (e.name <> $2 OR e.email IS NOT NULL OR e.role IS NOT NULL)
         AND coalesce((SELECT max(a.at) FROM audit_log a
                        WHERE a.action = 'mission.concluded' AND a.entity_id = m.id::text), m.updated_at) < $1`,
      [cutoffs.externals, anonymousExternal],
    ),
    // The row stays (its key keeps a retried action from sending twice); what it said goes.
    messages: await n(
      `UPDATE outbox SET payload = '{"expired": true}'::jsonb
       WHERE coalesce(delivered_at, failed_at) < $1 AND NOT payload ? 'expired'`,
      [cutoffs.messages],
    ),
    auditEntries: await n(`DELETE FROM audit_log WHERE at < $1 AND action <> 'person.erased'`, [cutoffs.audit]),
  };
}
