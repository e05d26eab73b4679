/**
 * Builds a parameterised WHERE clause and page window: `add('m.track = ?', v)` appends a condition with
 * its value as the next `$n`. `values` may start with parameters the query already uses (`$1` ...).
 */
export function sqlFilter(values: unknown[]) {
  const where: string[] = [];
  return {
    values,
    add(condition: string, value: unknown): void {
      values.push(value);
      where.push(condition.replace('?', `$${values.length}`));
    },
    where: () => (where.length ? `WHERE ${where.join(' AND ')}` : ''),
    /** One row more than the page holds tells whether a next page exists. */
    page(page: number, pageSize: number): string {
      values.push(pageSize + 1, page * pageSize);
      return `LIMIT $${values.length - 1} OFFSET $${values.length}`;
    },
  };
}
