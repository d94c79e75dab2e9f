/** A tagged template over SQLite storage: values become `?` parameters; a failing query names its text. */
export type Sql = <T = Record<string, SqlStorageValue>>(
  strings: TemplateStringsArray,
  ...values: SqlStorageValue[]
) => T[];

/** Binds the `sql` helper to a Durable Object's SQLite storage. */
export function sqlHelper(storage: SqlStorage): Sql {
  return <T>(strings: TemplateStringsArray, ...values: SqlStorageValue[]): T[] => {
    const query = strings.join("?");
    try {
      return storage.exec(query, ...values).toArray() as T[];
    } catch (e) {
      throw new Error(`SQL failed: ${query.replace(/\s+/g, " ").trim()}: ${(e as Error).message}`);
    }
  };
}

/**
 * Brings a schema up to date: runs each migration whose index is at or above the stored version,
 * then records the new version, all in one transaction.
 */
export function migrate(storage: DurableObjectStorage, sql: Sql, migrations: readonly string[]): void {
  storage.transactionSync(() => {
    sql`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`;
    const row = sql<{ version: number }>`SELECT version FROM schema_version`[0];
    const current = row?.version ?? 0;
    for (let v = current; v < migrations.length; v++) storage.sql.exec(migrations[v]);
    if (!row) sql`INSERT INTO schema_version (version) VALUES (${migrations.length})`;
    else if (current !== migrations.length) sql`UPDATE schema_version SET version = ${migrations.length}`;
  });
}
