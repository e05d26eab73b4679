import type pg from 'pg';
import { canRecordOutcome, isOver, validateOutcome, type OutcomeErrors } from '../domain/dialogue.js';
import type { Notice } from '../domain/notice.js';
import { localDate } from '../domain/portfolio.js';
import { appendAudit } from '../store/audit.repository.js';
import { withTransaction } from '../store/database.js';
import {
  getAgreement,
  listAgreements,
  markAgreementDone,
  recordOutcome,
} from '../store/dialogue-agreements.repository.js';
import type { Agreement } from '../views/dialogues.js';
import type { DialogueView } from '../views/dialogues.js';
import { enqueueOutbox } from '../store/outbox.repository.js';
import type { DeliveryScheduler, Viewer } from '../ports/services.port.js';

export interface DialogueOutcomeDeps {
  pool: pg.Pool;
  timeZone: string;
  scheduler: DeliveryScheduler;
  now: () => Date;
  /** The dialogue as this viewer may see it: 'forbidden' unless they are one of its three participants (or an admin).
   * */
  view(viewer: Viewer, id: string): Promise<DialogueView | 'forbidden' | undefined>;
}

/** The dialogue's three participants, as the access rules (domain/dialogue.ts) name them. */
export const participantsOf = (d: DialogueView) => ({
  contractHolderId: d.contractHolder.id,
  departmentHeadId: d.departmentHead.id,
  directorId: d.director.id,
});

/** After the meeting: notes and agreements, read only by the participants, followed up until done. */
export function createDialogueOutcomes({ pool, timeZone, scheduler, now, view }: DialogueOutcomeDeps) {
  /** The outcome may be recorded by the fagchef or the contract holder once the meeting is over, once. */
  async function outcomeTarget(
    viewer: Viewer,
    id: string,
  ): Promise<DialogueView | { ok: false; reason: 'forbidden' | 'notFound' | 'notOver' | 'already' }> {
    const d = await view(viewer, id);
    if (!d) return { ok: false, reason: 'notFound' };
    if (d === 'forbidden' || !canRecordOutcome(viewer, participantsOf(d))) return { ok: false, reason: 'forbidden' };
    if (d.outcomeRecordedAt) return { ok: false, reason: 'already' };
    if (!isOver(d, now())) return { ok: false, reason: 'notOver' };
    return d;
  }

  return {
    outcomeTarget,

    /**
     * A dialogue with its notes and agreements, as its card shows them. When an admin who is not one of the
     * three participants reads it, that read is on record in the audit log.
     */
    async read(
      viewer: Viewer,
      id: string,
    ): Promise<{ dialogue: DialogueView; agreements: Agreement[] } | 'forbidden' | undefined> {
      const d = await view(viewer, id);
      if (!d || d === 'forbidden') return d;
      if (![d.contractHolder.id, d.departmentHead.id, d.director.id].includes(viewer.id)) {
        await appendAudit(pool, {
          actorId: viewer.id,
          action: 'dialogue.read',
          entity: 'dialogue',
          entityId: id,
          details: { as: 'admin' },
        });
      }
      return { dialogue: d, agreements: await listAgreements(pool, id) };
    },

    /** Notes per topic and agreements; all three participants receive the summary. The form id makes a retry harmless.
     * */
    async recordOutcome(
      viewer: Viewer,
      id: string,
      formId: string,
      raw: Record<string, unknown>,
      rows: number,
    ): Promise<
      | { ok: true; same: boolean }
      | { ok: false; errors: OutcomeErrors }
      | { ok: false; reason: 'forbidden' | 'notFound' | 'notOver' | 'already' }
    > {
      const d = await view(viewer, id);
      if (d && d !== 'forbidden' && d.outcomeKey === `${viewer.id}:${formId}`) return { ok: true, same: true };
      const target = await outcomeTarget(viewer, id);
      if ('ok' in target) return target;
      const people = participantsOf(target);
      const checked = validateOutcome(raw, rows, {
        participantIds: [people.departmentHeadId, people.contractHolderId, people.directorId],
        meetingDay: localDate(target.startsAt, timeZone),
      });
      if (!checked.ok) return checked;
      const { outcome, ids } = await withTransaction(pool, async (tx) => {
        const outcome = await recordOutcome(
          tx,
          id,
          `${viewer.id}:${formId}`,
          viewer.id,
          checked.value.notes,
          checked.value.agreements,
        );
        const ids: string[] = [];
        if (outcome !== 'recorded') return { outcome, ids };
        await appendAudit(tx, {
          actorId: viewer.id,
          action: 'dialogue.outcomeRecorded',
          entity: 'dialogue',
          entityId: id,
          details: { agreements: checked.value.agreements.length },
        });
        const names = new Map(
          [target.contractHolder, target.departmentHead, target.director].map((p) => [p.id, p.name]),
        );
        const notice: Notice = {
          kind: 'dialogueSummary',
          dialogueId: id,
          unitName: target.unitName,
          startsAt: target.startsAt.toISOString(),
          notes: checked.value.notes,
          agreements: checked.value.agreements.map((a) => ({
            text: a.text,
            ownerName: names.get(a.ownerId) ?? '',
            dueOn: a.dueOn,
          })),
        };
        for (const personId of [people.departmentHeadId, people.contractHolderId, people.directorId]) {
          const outboxId = await enqueueOutbox(tx, `dialogue:${id}:summary:${personId}`, personId, notice);
          if (outboxId) ids.push(outboxId);
        }
        return { outcome, ids };
      });
      if (outcome === 'already') return { ok: false, reason: 'already' };
      await scheduler.deliverSoon(ids);
      return { ok: true, same: outcome === 'same' };
    },

    /** Any participant marks an agreement done; it then leaves the next dialogue's agenda. */
    async markDone(
      viewer: Viewer,
      agreementId: string,
    ): Promise<{ ok: true; dialogueId: string; changed: boolean } | { ok: false; reason: 'forbidden' | 'notFound' }> {
      const a = await getAgreement(pool, agreementId);
      if (!a) return { ok: false, reason: 'notFound' };
      const d = await view(viewer, a.dialogueId);
      if (!d) return { ok: false, reason: 'notFound' };
      if (d === 'forbidden') return { ok: false, reason: 'forbidden' };
      const changed = await withTransaction(pool, async (tx) => {
        const done = await markAgreementDone(tx, agreementId, viewer.id);
        if (done)
          await appendAudit(tx, {
            actorId: viewer.id,
            action: 'dialogue.agreementDone',
            entity: 'dialogue',
            entityId: a.dialogueId,
            details: { agreementId },
          });
        return done;
      });
      return { ok: true, dialogueId: a.dialogueId, changed };
    },
  };
}
