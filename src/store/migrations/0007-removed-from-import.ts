import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 7,
  name: 'people who left the organisation import',
  // An import is the whole truth for the people it manages: one missing from it loses the roles the
  // import gave them; the record stays (for the DPO's decision) and says when it left.
  sql: `
    ALTER TABLE persons ADD COLUMN removed_from_import_at timestamptz;
  `,
};
