import type { Queryable } from './database.js';
import { q, run } from './query.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  details?: Record<string, unknown>;
}

export async function appendAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await run(
    db,
    q.insertInto('audit_log').values({
      actor_id: e.actorId,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId,
      details: JSON.stringify(e.details ?? {}),
    }),
  );
}
