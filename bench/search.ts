// BENCH search: message-extension queries (typical Danish words, and prefixes as people type) over real
// HTTP against 100,000 missions and 200,000 initiatives (in 2,000 clusters). The baseline is a bare restify
// handler answering the same invoke, measured in the same run. Target: p99 at most 100 ms (Teams allows 5 s).
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { NODE_FLAGS } from '../src/runtime.js';
import { importOrganisation, readOrganisation } from '../src/services/org-import.service.js';
import { USERS, fixture } from '../test/support/activities.js';

/** The full run's corpus; --quick (CI) seeds a fifth of it (seeding the whole takes minutes). */
export const FULL_CORPUS = { missions: 100_000, clusters: 2_000, initiatives: 200_000 };
export type Corpus = typeof FULL_CORPUS;
const CONCURRENCY = 4;

/** What documents are written with: municipal Danish, so stems and prefixes behave as they will in use. */
const VOCABULARY = (
  'unge børn ældre borgere familier virksomheder foreninger frivillige medarbejdere ledere skole skolen dagtilbud ' +
  'fritidsjob fritid trivsel mistrivsel ensomhed sundhed bevægelse kost søvn natur klima grøn omstilling energi ' +
  'affald genbrug cykel bus transport bolig boliger byggeri landdistrikter byen kommunen fællesskab fællesskaber ' +
  'uddannelse ungdomsuddannelse erhvervsuddannelse praktik lærepladser job beskæftigelse arbejdskraft rekruttering ' +
  'fastholdelse sygefravær arbejdsmiljø digital digitale teknologi velfærdsteknologi data borgerrettet tidlig indsats ' +
  'forebyggelse rehabilitering hjemmepleje plejehjem demens pårørende handicap specialområdet socialt udsatte ' +
  'ulighed social arv forventninger samarbejde partnerskab samskabelse civilsamfund biblioteket kultur idræt ' +
  'musik kunst forældre netværk mentor vejledning overgange sprog læsning matematik inklusion robusthed mental ' +
  'psykisk sundhedsplejerske tandpleje lokalsamfund nærhed mobilitet vand biodiversitet skov landbrug fødevarer'
).split(/\s+/);

export async function seed(pool: import('pg').Pool, corpus: Corpus = FULL_CORPUS): Promise<void> {
  const words = (n: number, salt: number) =>
    `(SELECT string_agg(v[1 + abs(hashint4(g * ${salt} + k)) % array_length(v, 1)], ' ') FROM generate_series(1, ${n}) k)`;
  const people = `ARRAY[${Object.values(USERS)
    .map((u) => `'${u.aadObjectId}'`)
    .join(',')}]`;
  await pool.query(
    `WITH w AS (SELECT $2::text[] AS v)
     INSERT INTO missions (submission_key, title, ambition, obstacles, focus, track, problems, proposer_id, status, created_at)
     SELECT 'bench-search-' || g, initcap(${words(5, 31)}), ${words(25, 37)}, ${words(12, 41)},
            (ARRAY['citizens','businesses','society'])[1 + g % 3], (ARRAY['welfare','workplace'])[1 + g % 2],
            ARRAY[(ARRAY['climate','demography','labour','inequality','expectations','specialised-social','wellbeing'])[1 + g % 7]],
            (${people})[1 + g % 6], (ARRAY['proposed','concretising','active','active','concluded','declined'])[1 + g % 6],
            now() - (g || ' minutes')::interval
     FROM generate_series(1, $1) g, w`,
    [corpus.missions, VOCABULARY],
  );
  await pool.query(
    `WITH w AS (SELECT $2::text[] AS v), m AS (SELECT id, row_number() OVER (ORDER BY created_at) AS n FROM missions WHERE status = 'active')
     INSERT INTO clusters (submission_key, mission_id, name, purpose, coordinator_id, created_by_id, next_review_on)
     SELECT 'bench-search-' || g, m.id, initcap(${words(3, 43)}), ${words(20, 47)}, (${people})[1 + g % 6], (${people})[1 + g % 6], current_date + 90
     FROM generate_series(1, $1) g JOIN m ON m.n = g, w`,
    [corpus.clusters, VOCABULARY],
  );
  await pool.query(
    `WITH w AS (SELECT $2::text[] AS v), c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM clusters)
     INSERT INTO initiatives (submission_key, cluster_id, kind, title, hypothesis, problems, owner_id, stage, next_review_on, created_by_id)
     SELECT 'bench-search-' || g, c.id, (ARRAY['trialAction','initiative','effort'])[1 + g % 3], initcap(${words(4, 53)}), ${words(20, 59)},
            '{wellbeing}', (${people})[1 + g % 6], (ARRAY['idea','running','evaluating','scaled','continued','stopped'])[1 + g % 6],
            current_date + 30, (${people})[1 + g % 6]
     FROM generate_series(1, $1) g JOIN c ON c.n = g % $3, w`,
    [corpus.initiatives, VOCABULARY, corpus.clusters],
  );
}

/** What people type: whole words, inflections, two words, and the prefixes on the way to them. */
const QUERIES = [
  'trivsel',
  'trivs',
  'tri',
  'fritidsjob',
  'fritid',
  'unge',
  'de unge',
  'borgerne',
  'klima',
  'grøn omstilling',
  'grø',
  'ensomhed ældre',
  'ens',
  'sundhed',
  'sygefravær',
  'syg',
  'arbejdskraft',
  'rekrut',
  'lærepladser',
  'digital',
  'velfærdstek',
  'fællesskaber',
  'fælles',
  'biblioteket',
  'mentor',
  'overgange skole',
  'type:klynge trivsel',
  'spor:welfare unge',
  'hjemmepleje demens',
  'ba',
];

type Spawned = { child: ChildProcess; seconds: number };

export async function benchSearch(
  freePort: () => Promise<number>,
  spawnServer: (args: string[], env: NodeJS.ProcessEnv, port: number) => Promise<Spawned>,
  stopChild: (c: ChildProcess) => Promise<unknown>,
  requests: number,
  corpus: Corpus = FULL_CORPUS,
): Promise<string> {
  // BENCH_SEARCH_DATA_DIR keeps the seeded folder between runs (seeding takes minutes); by default a scratch one.
  const kept = process.env.BENCH_SEARCH_DATA_DIR;
  const dir = kept ?? (await mkdtemp(path.join(os.tmpdir(), 'mk-bench-search-')));
  try {
    const seeding = await startApp(
      loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dir }),
      createLogger('silent'),
    );
    const t0 = performance.now();
    const seeded =
      (
        await seeding.database.pool.query(
          "SELECT count(*)::int AS n FROM missions WHERE submission_key LIKE 'bench-search-%'",
        )
      ).rows[0].n === corpus.missions;
    if (!seeded) {
      await importOrganisation(seeding.database.pool, await readOrganisation('config/demo-org.json'), {});
      await seed(seeding.database.pool, corpus);
      await seeding.database.pool.query('VACUUM ANALYZE'); // what autovacuum would have done by then on a server
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const docs = (await seeding.database.pool.query('SELECT count(*)::int AS n FROM search_documents')).rows[0]
      .n as number;
    await seeding.stop();

    const template = fixture('invoke-compose-extension-query.json');
    const u = USERS.lars;
    const makers = QUERIES.map((q) => () => ({
      ...template,
      id: randomUUID(),
      from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
      value: { commandId: 'search', parameters: [{ name: 'query', value: q }], queryOptions: { skip: 0, count: 25 } },
    }));
    const measure = async (url: string, total: number) => {
      const latencies: number[] = [];
      let next = 0;
      let empty = 0;
      const worker = async () => {
        while (next < total) {
          const body = JSON.stringify(makers[next++ % makers.length]());
          const started = performance.now();
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          const text = await res.text();
          const answer = (text ? JSON.parse(text) : {}) as { composeExtension?: { attachments?: unknown[] } };
          if (res.status !== 200) throw new Error(`search answered ${res.status}`);
          latencies.push(performance.now() - started);
          if (!answer.composeExtension?.attachments?.length) empty++;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      return { latencies, empty };
    };

    const port = await freePort();
    const app = await spawnServer(
      [...NODE_FLAGS, 'dist/src/index.js'],
      { ...process.env, DATA_DIR: dir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development' },
      port,
    );
    const url = `http://127.0.0.1:${port}/api/messages`;
    const { latencies, empty } = await (async () => {
      try {
        await measure(url, QUERIES.length * 2);
        return await measure(url, requests);
      } finally {
        await stopChild(app.child);
      }
    })();

    const basePort = await freePort();
    const base = await spawnServer(['dist/bench/baseline-server.js', String(basePort)], process.env, basePort);
    const baseUrl = `http://127.0.0.1:${basePort}/api/messages`;
    await measure(baseUrl, 50);
    const baseline = await measure(baseUrl, requests);
    await stopChild(base.child);

    const pct = (xs: number[], p: number) =>
      [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
    const r1 = (n: number) => Math.round(n * 10) / 10;
    return (
      `BENCH search missions=${corpus.missions} initiatives=${corpus.initiatives} documents=${docs} queries=${latencies.length} concurrency=${CONCURRENCY} ` +
      `p50_ms=${r1(pct(latencies, 50))} p99_ms=${r1(pct(latencies, 99))} max_ms=${r1(Math.max(...latencies))} empty_answers=${empty} ` +
      `baseline_p50_ms=${r1(pct(baseline.latencies, 50))} baseline_p99_ms=${r1(pct(baseline.latencies, 99))} seed_s=${seedSeconds.toFixed(0)}`
    );
  } finally {
    if (!kept) await rm(dir, { recursive: true, force: true });
  }
}
