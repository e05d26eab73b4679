import type { Migration } from './migration.js';

export const migration: Migration = {
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
};
