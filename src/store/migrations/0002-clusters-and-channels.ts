import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 2,
  name: 'clusters, their channels and the team the bot lives in',
  sql: `
    CREATE TABLE clusters (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      submission_key text NOT NULL UNIQUE,
      mission_id uuid NOT NULL REFERENCES missions(id),
      name text NOT NULL,
      purpose text NOT NULL,
      coordinator_id text NOT NULL REFERENCES persons(id),
      created_by_id text NOT NULL REFERENCES persons(id),
      next_review_on date NOT NULL,
      version integer NOT NULL DEFAULT 1,
      members_version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX clusters_mission_idx ON clusters (mission_id);
    CREATE TABLE cluster_members (
      cluster_id uuid NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
      person_id text NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
      unit_id text REFERENCES org_units(id) ON DELETE SET NULL,
      joined_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (cluster_id, person_id)
    );
    CREATE INDEX cluster_members_person_idx ON cluster_members (person_id);
    CREATE TABLE cluster_externals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cluster_id uuid NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
      name text NOT NULL,
      organisation text NOT NULL,
      email text,
      role text,
      added_by_id text REFERENCES persons(id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX cluster_externals_cluster_idx ON cluster_externals (cluster_id);
    CREATE TABLE team_refs (
      team_id text PRIMARY KEY,
      thread_id text NOT NULL,
      name text,
      reference jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE cluster_channels (
      cluster_id uuid PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
      team_id text,
      membership_type text NOT NULL CHECK (membership_type IN ('private', 'standard')),
      display_name text NOT NULL,
      channel_id text,
      web_url text,
      members_synced_version integer NOT NULL DEFAULT 0,
      card_activity_id text,
      card_version integer NOT NULL DEFAULT 0,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'waiting', 'retrying', 'ready')),
      last_error text,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      claimed_until timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX cluster_channels_name_idx ON cluster_channels (team_id, lower(display_name));
    CREATE INDEX cluster_channels_due_idx ON cluster_channels (next_attempt_at) WHERE state <> 'ready';
    CREATE TABLE send_log (
      conversation_id text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX send_log_conversation_idx ON send_log (conversation_id, at);
  `,
};
