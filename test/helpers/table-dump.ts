// Every row of every table of a PostgreSQL database, as the server prints its values: the data a
// pg_dump holds, read over an ordinary connection. pg_dump itself refuses a server of a newer major
// version than its own (the embedded server of a test run is often newer than the machine's client
// tools), and a machine with only Node.js has no pg_dump at all.
import pg from 'pg';

/** One line per row, values tab-separated in each type's text output (bytea as \x hex, jsonb as JSON), under a `-- schema.table` line. */
export async function dumpTables(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, types: { getTypeParser: () => (text: string) => text } });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    const out: string[] = [];
    for (const { name } of tables) {
      out.push(`-- ${name}`);
      const { rows } = await client.query<(string | null)[]>({ text: `SELECT * FROM ${name}`, rowMode: 'array' });
      for (const row of rows) out.push(row.map((v) => v ?? '\\N').join('\t'));
    }
    return out.join('\n');
  } finally {
    await client.end();
  }
}
