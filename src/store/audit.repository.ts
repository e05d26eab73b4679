import type { Queryable } from './database.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  details?: Record<string, unknown>;
}

export async function appendAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (actor_id, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5)', [
    e.actorId,
    e.action,
    e.entity,
    e.entityId,
    JSON.stringify(e.details ?? {}),
  ]);
}

export async function auditFor(db: Queryable, entity: string, entityId: string): Promise<(AuditEntry & { at: Date })[]> {
  const { rows } = await db.query(
    'SELECT * FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY at, id',
    [entity, entityId],
  );
  return rows.map((r: any) => ({ at: r.at, actorId: r.actor_id, action: r.action, entity: r.entity, entityId: r.entity_id, details: r.details }));
}
