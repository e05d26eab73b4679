/** One step of the schema: applied once, in id order, inside a transaction (migrations.ts). */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}
