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
