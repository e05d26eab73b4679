import type pg from 'pg';

/** Append-only: a released migration is never edited, a change is a new entry. */
const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
    id: 5,
    name: 'full-text search over missions, clusters and initiatives (Danish stems plus word prefixes)',
    // One search document per mission, cluster and initiative, kept in step by triggers, so the main tables stay
    // lean. One GIN index per kind: 2,000 clusters are searched without walking the posting lists of 200,000
    // initiatives. Each document carries its Danish stems (so "borgerne" finds
    // "borgere") and its plain words (so "trivs" finds "trivselsmåling" while the user types); titles weigh most.
    sql: `
      CREATE TABLE search_documents (
        kind text NOT NULL CHECK (kind IN ('mission', 'cluster', 'initiative')),
        id uuid NOT NULL,
        track text NOT NULL,
        hidden boolean NOT NULL DEFAULT false,
        search tsvector NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, id)
      );
      CREATE INDEX search_documents_missions_idx ON search_documents USING gin (search) WHERE kind = 'mission' AND NOT hidden;
      CREATE INDEX search_documents_clusters_idx ON search_documents USING gin (search) WHERE kind = 'cluster' AND NOT hidden;
      CREATE INDEX search_documents_initiatives_idx ON search_documents USING gin (search) WHERE kind = 'initiative' AND NOT hidden;
      CREATE INDEX search_documents_recent_idx ON search_documents (kind, updated_at DESC) WHERE NOT hidden;
      CREATE FUNCTION search_vector(title text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $fn$
        SELECT setweight(to_tsvector('danish'::regconfig, title), 'A') || setweight(to_tsvector('simple'::regconfig, title), 'A') ||
               setweight(to_tsvector('danish'::regconfig, body), 'B') || setweight(to_tsvector('simple'::regconfig, body), 'C')
      $fn$;
      CREATE FUNCTION search_put(k text, doc uuid, trk text, hide boolean, vec tsvector) RETURNS void LANGUAGE sql AS $fn$
        INSERT INTO search_documents (kind, id, track, hidden, search) VALUES (k, doc, trk, hide, vec)
        ON CONFLICT (kind, id) DO UPDATE SET track = EXCLUDED.track, hidden = EXCLUDED.hidden, search = EXCLUDED.search, updated_at = now()
      $fn$;
      CREATE FUNCTION missions_search_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' THEN DELETE FROM search_documents WHERE kind = 'mission' AND id = OLD.id; RETURN OLD; END IF;
        PERFORM search_put('mission', NEW.id, NEW.track, NEW.status = 'declined', search_vector(NEW.title, NEW.ambition || ' ' || NEW.obstacles));
        UPDATE search_documents d SET track = NEW.track, hidden = NEW.status = 'declined'
          WHERE (d.kind = 'cluster' AND d.id IN (SELECT c.id FROM clusters c WHERE c.mission_id = NEW.id))
             OR (d.kind = 'initiative' AND d.id IN (SELECT i.id FROM initiatives i JOIN clusters c ON c.id = i.cluster_id WHERE c.mission_id = NEW.id));
        RETURN NEW;
      END $fn$;
      CREATE TRIGGER missions_search AFTER INSERT OR DELETE OR UPDATE OF title, ambition, obstacles, track, status ON missions
        FOR EACH ROW EXECUTE FUNCTION missions_search_sync();
      CREATE FUNCTION clusters_search_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' THEN DELETE FROM search_documents WHERE kind = 'cluster' AND id = OLD.id; RETURN OLD; END IF;
        PERFORM search_put('cluster', NEW.id, m.track, m.status = 'declined', search_vector(NEW.name, NEW.purpose))
          FROM missions m WHERE m.id = NEW.mission_id;
        RETURN NEW;
      END $fn$;
      CREATE TRIGGER clusters_search AFTER INSERT OR DELETE OR UPDATE OF name, purpose, mission_id ON clusters
        FOR EACH ROW EXECUTE FUNCTION clusters_search_sync();
      CREATE FUNCTION initiatives_search_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'DELETE' THEN DELETE FROM search_documents WHERE kind = 'initiative' AND id = OLD.id; RETURN OLD; END IF;
        PERFORM search_put('initiative', NEW.id, m.track, m.status = 'declined', search_vector(NEW.title, NEW.hypothesis))
          FROM clusters c JOIN missions m ON m.id = c.mission_id WHERE c.id = NEW.cluster_id;
        RETURN NEW;
      END $fn$;
      CREATE TRIGGER initiatives_search AFTER INSERT OR DELETE OR UPDATE OF title, hypothesis, cluster_id ON initiatives
        FOR EACH ROW EXECUTE FUNCTION initiatives_search_sync();
      INSERT INTO search_documents (kind, id, track, hidden, search, updated_at)
        SELECT 'mission', id, track, status = 'declined', search_vector(title, ambition || ' ' || obstacles), updated_at FROM missions;
      INSERT INTO search_documents (kind, id, track, hidden, search, updated_at)
        SELECT 'cluster', c.id, m.track, m.status = 'declined', search_vector(c.name, c.purpose), c.updated_at FROM clusters c JOIN missions m ON m.id = c.mission_id;
      INSERT INTO search_documents (kind, id, track, hidden, search, updated_at)
        SELECT 'initiative', i.id, m.track, m.status = 'declined', search_vector(i.title, i.hypothesis), i.updated_at
        FROM initiatives i JOIN clusters c ON c.id = i.cluster_id JOIN missions m ON m.id = c.mission_id;
    `,
  },
  {
    id: 6,
    name: 'erased people: a pseudonym keeps the history readable',
    // After an erasure (GDPR Art. 17) one person row named "Tidligere medarbejder" stands in for the person
    // in every record; source 'erased' tells it apart from people of the import and of Teams.
    sql: `
      ALTER TABLE persons DROP CONSTRAINT persons_source_check;
      ALTER TABLE persons ADD CONSTRAINT persons_source_check CHECK (source IN ('import', 'teams', 'erased'));
    `,
  },
  {
    id: 7,
    name: 'people who left the organisation import',
    // An import is the whole truth for the people it manages: one missing from it loses the roles the
    // import gave them; the record stays (for the DPO's decision) and says when it left.
    sql: `
      ALTER TABLE persons ADD COLUMN removed_from_import_at timestamptz;
    `,
  },
];

const LOCK_ID = 727_274_001;

/** Applies pending migrations under an advisory lock, so several instances can start at once. */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id));
    const applied: number[] = [];
    for (const m of MIGRATIONS.filter((x) => !done.has(x.id))) {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
        await client.query('COMMIT');
        applied.push(m.id);
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    client.release();
  }
}
