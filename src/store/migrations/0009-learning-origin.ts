import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 9,
  name: 'where a learning came from',
  // A learning is logged by a member ("what we tried, what happened, what we would tell others"), or
  // written with a review's decision to stop (the hypothesis, what was learned, why it stopped): the same
  // three fields mean different things, and every place that shows them labels them by this.
  sql: `
    ALTER TABLE learnings ADD COLUMN origin text NOT NULL DEFAULT 'logged' CHECK (origin IN ('logged', 'stopped'));
    UPDATE learnings SET origin = 'stopped' WHERE submission_key LIKE 'review:%';
  `,
};
