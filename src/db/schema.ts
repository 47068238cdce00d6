// The database as Kysely sees it. Each module declares its own tables beside its code, in a
// `<module>.tables.ts` file that adds them to this interface (TypeScript declaration merging), so
// adding a module never means editing a central list. Timestamps are epoch milliseconds (BIGINT),
// which sort and compare the same way on both engines; JSON documents are stored as text.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules' table files
export interface Database {}
