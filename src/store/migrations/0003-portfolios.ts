import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 3,
  name: 'cluster portfolios: initiatives, learnings, reviews',
  sql: `
    CREATE TABLE initiatives (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      submission_key text NOT NULL UNIQUE,
      cluster_id uuid NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
      kind text NOT NULL CHECK (kind IN ('trialAction', 'initiative', 'effort')),
      title text NOT NULL,
      hypothesis text NOT NULL,
      problems text[] NOT NULL,
      owner_id text NOT NULL REFERENCES persons(id),
      unit_ids text[] NOT NULL DEFAULT '{}',
      stage text NOT NULL DEFAULT 'idea'
        CHECK (stage IN ('idea', 'running', 'evaluating', 'scaled', 'continued', 'stopped')),
      starts_on date,
      next_review_on date NOT NULL,
      created_by_id text NOT NULL REFERENCES persons(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      stage_changed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX initiatives_cluster_idx ON initiatives (cluster_id, created_at);
    CREATE INDEX initiatives_owner_idx ON initiatives (owner_id);
    CREATE INDEX initiatives_review_idx ON initiatives (next_review_on) WHERE stage IN ('idea', 'running', 'evaluating');
    CREATE INDEX initiatives_units_idx ON initiatives USING gin (unit_ids);
    CREATE TABLE learnings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      submission_key text NOT NULL UNIQUE,
      initiative_id uuid NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
      author_id text NOT NULL REFERENCES persons(id),
      tried text NOT NULL,
      happened text NOT NULL,
      advice text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX learnings_initiative_idx ON learnings (initiative_id, created_at);
    CREATE INDEX learnings_created_idx ON learnings (created_at);
    CREATE TABLE portfolio_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cluster_id uuid NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
      trigger text NOT NULL CHECK (trigger IN ('cadence', 'requested')),
      due_on date NOT NULL,
      opened_by_id text REFERENCES persons(id),
      opened_at timestamptz NOT NULL DEFAULT now(),
      closed_by_id text REFERENCES persons(id),
      closed_at timestamptz,
      room_for_new boolean,
      note text
    );
    CREATE UNIQUE INDEX portfolio_reviews_open_idx ON portfolio_reviews (cluster_id) WHERE closed_at IS NULL;
    CREATE INDEX portfolio_reviews_closed_idx ON portfolio_reviews (cluster_id, closed_at DESC);
    CREATE TABLE review_decisions (
      review_id uuid NOT NULL REFERENCES portfolio_reviews(id) ON DELETE CASCADE,
      initiative_id uuid NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
      relevant boolean NOT NULL,
      can_cope boolean NOT NULL,
      decision text NOT NULL CHECK (decision IN ('continue', 'adjust', 'scale', 'stop')),
      rationale text NOT NULL,
      stage_before text NOT NULL,
      stage_after text NOT NULL,
      decided_by_id text NOT NULL REFERENCES persons(id),
      decided_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (review_id, initiative_id)
    );
    CREATE INDEX review_decisions_decided_idx ON review_decisions (decided_at);
    CREATE INDEX audit_log_action_idx ON audit_log (action, at);
    -- A notice goes to one person's chat or to one cluster's channel.
    ALTER TABLE outbox ALTER COLUMN person_id DROP NOT NULL;
    ALTER TABLE outbox ADD COLUMN cluster_id uuid REFERENCES clusters(id) ON DELETE CASCADE;
    ALTER TABLE outbox ADD CONSTRAINT outbox_one_target CHECK (num_nonnulls(person_id, cluster_id) = 1);
  `,
};
