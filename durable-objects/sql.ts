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
 * One schema change. `version` is its number, written out in the source: the stored schema version
 * is the number of the last change applied, so a change is never renumbered or reordered, only added.
 */
export interface Migration {
  version: number;
  sql: string;
}

/** Throws unless the migrations are numbered 1, 2, 3, ... in order: a typo must not skip a change. */
export function checkNumbering(name: string, migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(
        `${name} migration ${i + 1} is numbered ${m.version}: number them 1, 2, 3, ... in order`,
      );
  });
}

/** The schema version stored in this object, or 0 when it has none yet (a fresh object). */
export function schemaVersion(sql: Sql): number {
  if (sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`.length === 0)
    return 0;
  return sql<{ version: number }>`SELECT version FROM schema_version`[0]?.version ?? 0;
}

/**
 * Brings a schema up to date in one transaction: applies every migration whose number is above the
 * stored version, then stores the number of the last one.
 */
export function migrate(storage: DurableObjectStorage, sql: Sql, migrations: readonly Migration[]): void {
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  storage.transactionSync(() => {
    const current = schemaVersion(sql);
    if (current > latest)
      throw new Error(`stored schema version ${current} is newer than this code's ${latest}`);
    if (current === latest) return;
    sql`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`;
    for (const m of migrations) if (m.version > current) storage.sql.exec(m.sql);
    sql`DELETE FROM schema_version`;
    sql`INSERT INTO schema_version (version) VALUES (${latest})`;
  });
}

/**
 * An object's schema, made at its first write rather than when the object is constructed: an
 * object that is only asked (a made-up plex or system name) stores nothing and stays free.
 * Construct it in the object's constructor (SQLite storage is synchronous, so nothing runs before
 * it); an existing object's schema is migrated there.
 */
export class Schema {
  private present: boolean;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly sql: Sql,
    private readonly migrations: readonly Migration[],
  ) {
    this.present = schemaVersion(sql) > 0;
    if (this.present) migrate(storage, sql, migrations);
  }

  /** True once the object has stored anything. */
  get exists(): boolean {
    return this.present;
  }

  /** Creates the tables before the first write. */
  ensure(): void {
    if (this.present) return;
    migrate(this.storage, this.sql, this.migrations);
    this.present = true;
  }

  /**
   * Forgets everything the object stored: it is fresh again. An object that never made its schema
   * stored nothing, so there is nothing to delete (deleteAll is far from free even on an empty object).
   */
  async drop(): Promise<void> {
    if (!this.present && schemaVersion(this.sql) === 0) return;
    await this.storage.deleteAll();
    this.present = false;
  }
}
