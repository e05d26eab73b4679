import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 10,
  name: 'following, the weekly digest and the answer clock',
  sql: `
    -- Who follows a mission or a cluster. The proposer and every supporter follow their mission from the
    -- start ('proposed', 'supported'); anyone can follow or stop ('chosen'). Stopping deletes the row.
    CREATE TABLE follows (
      person_id text NOT NULL REFERENCES persons(id),
      entity text NOT NULL CHECK (entity IN ('mission', 'cluster')),
      entity_id uuid NOT NULL,
      reason text NOT NULL CHECK (reason IN ('proposed', 'supported', 'chosen')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_id, entity, entity_id)
    );
    CREATE INDEX follows_entity_idx ON follows (entity, entity_id);
    INSERT INTO follows (person_id, entity, entity_id, reason, created_at)
      SELECT proposer_id, 'mission', id, 'proposed', created_at FROM missions;
    INSERT INTO follows (person_id, entity, entity_id, reason, created_at)
      SELECT person_id, 'mission', mission_id, 'supported', created_at FROM mission_supporters
      ON CONFLICT DO NOTHING;

    -- A person's own choices: how often the digest comes, and whether their name shows when they support.
    CREATE TABLE person_settings (
      person_id text PRIMARY KEY REFERENCES persons(id),
      digest text NOT NULL DEFAULT 'weekly' CHECK (digest IN ('weekly', 'fortnightly', 'off')),
      show_support boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- One row per person and digest period (a Monday 08:00): the digest was made, sent or, with nothing
    -- new (items = 0), not. The key makes the digest happen once per period, across restarts and instances.
    CREATE TABLE digests_sent (
      person_id text NOT NULL REFERENCES persons(id),
      period_start timestamptz NOT NULL,
      since timestamptz NOT NULL,
      items integer NOT NULL,
      outbox_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_id, period_start)
    );

    -- The Ledertræf digests that were made (a card or a document for a period), so a mission's history can
    -- say which ones its learnings were in.
    CREATE TABLE ledertraef_digests (
      from_on date NOT NULL,
      to_on date NOT NULL,
      first_made_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (from_on, to_on)
    );

    -- The answer clock: the first decision on a proposal (decided_at moves with every later decision).
    ALTER TABLE missions ADD COLUMN first_decided_at timestamptz;
    UPDATE missions m SET first_decided_at = COALESCE(
      (SELECT min(a.at) FROM audit_log a
        WHERE a.action = 'mission.decided' AND a.entity = 'mission' AND a.entity_id = m.id::text),
      m.decided_at)
    WHERE m.status <> 'proposed';
    CREATE INDEX missions_first_decided_idx ON missions (first_decided_at) WHERE first_decided_at IS NOT NULL;
  `,
};
