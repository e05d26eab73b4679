import type { Migration } from './migration.js';

export const migration: Migration = {
  id: 6,
  name: 'erased people: a pseudonym keeps the history readable',
  // After an erasure (GDPR Art. 17) one person row named "Tidligere medarbejder" stands in for the person
  // in every record; source 'erased' tells it apart from people of the import and of Teams.
  sql: `
    ALTER TABLE persons DROP CONSTRAINT persons_source_check;
    ALTER TABLE persons ADD CONSTRAINT persons_source_check CHECK (source IN ('import', 'teams', 'erased'));
  `,
};
