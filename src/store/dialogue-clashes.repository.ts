/** One dialogue at a time for a unit and for each of its people: the bookings' lock and the overlap query. */
import type { Queryable } from './database.js';

/** A dialogue that would clash with a new time: same unit, or one of the same people, at an overlapping time. */
export interface Clash {
  id: string;
  unitName: string;
  startsAt: Date;
  endsAt: Date;
  /** Everyone in the clashing dialogue (who may open it). */
  participantIds: string[];
  /** Of the new dialogue's unit and people, who is taken: the unit itself, or these people. */
  sameUnit: boolean;
  busyIds: string[];
}

/**
 * Holds the unit's and the people's dialogue bookings until the transaction ends (two forms submitted at
 * once are taken one after the other), then finds a dialogue that is not cancelled and overlaps
 * [start, end) for the unit or any of the people. `except`: the dialogue being moved, and the request
 * whose retry must find its own dialogue rather than clash with it.
 */
export async function lockAndFindClash(
  db: Queryable,
  o: { unitId: string; personIds: string[]; start: Date; end: Date; exceptId?: string; exceptRequestKey?: string },
): Promise<Clash | undefined> {
  const keys = [...new Set([`unit:${o.unitId}`, ...o.personIds.map((p) => `person:${p}`)])].sort();
  for (const k of keys) await db.query(`SELECT pg_advisory_xact_lock(hashtext('dialogue-booking'), hashtext($1))`, [k]);
  const { rows } = await db.query<{
    id: string;
    unit_name: string;
    starts_at: Date;
    ends_at: Date;
    participants: string[];
    unit_id: string;
  }>(
    `SELECT d.id, u.name AS unit_name, d.starts_at, d.ends_at, d.unit_id,
            ARRAY[d.contract_holder_id, d.department_head_id, d.director_id] AS participants
       FROM dialogues d JOIN org_units u ON u.id = d.unit_id
      WHERE d.status <> 'cancelled' AND d.starts_at < $4 AND d.ends_at > $3
        AND (d.unit_id = $1 OR d.contract_holder_id = ANY($2) OR d.department_head_id = ANY($2) OR d.director_id = ANY($2))
        AND ($5::uuid IS NULL OR d.id <> $5::uuid) AND ($6::text IS NULL OR d.request_key <> $6::text)
      ORDER BY d.starts_at LIMIT 1`,
    [o.unitId, o.personIds, o.start, o.end, o.exceptId ?? null, o.exceptRequestKey ?? null],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: r.id,
    unitName: r.unit_name,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    participantIds: r.participants,
    sameUnit: r.unit_id === o.unitId,
    busyIds: o.personIds.filter((p) => r.participants.includes(p)),
  };
}
