import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 4,
  name: 'contract-holder dialogues and their agreements',
  sql: `
    CREATE TABLE dialogues (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      request_key text NOT NULL UNIQUE,
      unit_id text NOT NULL REFERENCES org_units(id),
      contract_holder_id text NOT NULL REFERENCES persons(id),
      department_head_id text NOT NULL REFERENCES persons(id),
      director_id text NOT NULL REFERENCES persons(id),
      status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('proposed', 'scheduled', 'held', 'outcomeRecorded', 'cancelled')),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      agenda jsonb NOT NULL,
      -- The calendar event (with its Teams meeting), kept in step with the dialogue by a durable job.
      event_id text,
      join_url text,
      web_link text,
      calendar_version integer NOT NULL DEFAULT 1,
      calendar_synced_version integer NOT NULL DEFAULT 0,
      calendar_state text NOT NULL DEFAULT 'pending' CHECK (calendar_state IN ('pending', 'waiting', 'retrying', 'ready')),
      calendar_error text,
      calendar_attempts integer NOT NULL DEFAULT 0,
      calendar_next_at timestamptz NOT NULL DEFAULT now(),
      calendar_claimed_until timestamptz,
      notes jsonb,
      outcome_key text,
      outcome_recorded_at timestamptz,
      outcome_recorded_by_id text REFERENCES persons(id),
      created_by_id text NOT NULL REFERENCES persons(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at > starts_at)
    );
    CREATE INDEX dialogues_unit_idx ON dialogues (unit_id, starts_at DESC);
    CREATE INDEX dialogues_holder_idx ON dialogues (contract_holder_id, starts_at DESC);
    CREATE INDEX dialogues_head_idx ON dialogues (department_head_id, starts_at DESC);
    CREATE INDEX dialogues_director_idx ON dialogues (director_id, starts_at DESC);
    CREATE INDEX dialogues_calendar_due_idx ON dialogues (calendar_next_at) WHERE calendar_state <> 'ready';
    CREATE TABLE dialogue_agreements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dialogue_id uuid NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
      text text NOT NULL,
      owner_id text NOT NULL REFERENCES persons(id),
      due_on date NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
      done_at timestamptz,
      done_by_id text REFERENCES persons(id),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX dialogue_agreements_dialogue_idx ON dialogue_agreements (dialogue_id);
    CREATE INDEX dialogue_agreements_open_idx ON dialogue_agreements (due_on) WHERE status = 'open';
  `,
};
