import { describe, expect, it } from 'vitest';
import { describeDatabase, redactDatabaseUrl } from './inspect.js';

describe('redactDatabaseUrl', () => {
  it.each([
    ['postgres://roster:s3cret@db:5432/roster', 'postgres://roster:***@db:5432/roster'],
    ['postgresql://roster:p%40ss@db/roster?sslmode=require', 'postgresql://roster:***@db/roster?sslmode=require'],
    ['postgres://roster@db/roster', 'postgres://roster@db/roster'],
    ['postgres://db/roster', 'postgres://db/roster'],
  ])('%s is shown as %s', (url, shown) => {
    expect(redactDatabaseUrl(url)).toBe(shown);
  });

  it('shows only the scheme of a URL it cannot parse, which might hide a password anywhere', () => {
    expect(redactDatabaseUrl('postgres://us:er:pa ss@[bad')).toBe('postgres://...');
  });

  it('names the database without its password', () => {
    const text = describeDatabase({
      databaseUrl: 'postgres://roster:s3cret@db/roster',
      sqlitePath: '',
      dataDir: '',
    });
    expect(text).toBe('PostgreSQL database DATABASE_URL=postgres://roster:***@db/roster');
  });
});
