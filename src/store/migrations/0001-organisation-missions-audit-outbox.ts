import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 1,
  name: 'organisation, missions, audit, outbox',
  sql: `
    CREATE TABLE org_units (
      id text PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('contractUnit', 'secretariat', 'staff', 'board')),
      parent_id text REFERENCES org_units(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,
      leader_id text,
      department_head_id text,
      director_id text,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE persons (
      id text PRIMARY KEY,
      name text NOT NULL,
      email text,
      unit_id text REFERENCES org_units(id) ON DELETE SET NULL,
      roles text[] NOT NULL DEFAULT '{employee}',
      locale text CHECK (locale IN ('da', 'en')),
      source text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'teams')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX persons_email_idx ON persons (lower(email));
    CREATE INDEX persons_roles_idx ON persons USING gin (roles);
    CREATE TABLE conversation_refs (
      person_id text PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
      conversation_id text NOT NULL,
      reference jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE missions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      submission_key text NOT NULL UNIQUE,
      title text NOT NULL,
      ambition text NOT NULL,
      obstacles text NOT NULL,
      focus text NOT NULL CHECK (focus IN ('citizens', 'businesses', 'society')),
      track text NOT NULL,
      problems text[] NOT NULL,
      status text NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed', 'concretising', 'active', 'concluded', 'declined')),
      proposer_id text NOT NULL REFERENCES persons(id),
      decision_reason text,
      decided_by_id text REFERENCES persons(id),
      decided_at timestamptz,
      supporter_count integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX missions_status_created_idx ON missions (status, created_at);
    CREATE INDEX missions_created_idx ON missions (created_at DESC, id);
    CREATE INDEX missions_proposer_idx ON missions (proposer_id, created_at DESC);
    CREATE INDEX missions_track_idx ON missions (track, created_at DESC);
    CREATE INDEX missions_problems_idx ON missions USING gin (problems);
    CREATE TABLE mission_supporters (
      mission_id uuid NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
      person_id text NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (mission_id, person_id)
    );
    CREATE INDEX mission_supporters_person_idx ON mission_supporters (person_id);
    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id text,
      action text NOT NULL,
      entity text NOT NULL,
      entity_id text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);
    CREATE TABLE outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dedupe_key text NOT NULL UNIQUE,
      person_id text NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      claimed_until timestamptz,
      conversation_id text,
      activity_id text,
      delivered_at timestamptz,
      failed_at timestamptz,
      last_error text
    );
    CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
    CREATE INDEX outbox_conversation_idx ON outbox (conversation_id, delivered_at);
    CREATE TABLE reminders_sent (
      key text PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now()
    );
  `,
};
