// The typed client's types (src/client/schema.ts) are generated from Roster's own OpenAPI
// document by openapi-typescript. This test fails when the checked-in file differs from what the
// document generates now; `npm run client:generate` writes it anew.
import fs from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { startRoster } from '../src/testing/index.js';

const FILE = path.join(import.meta.dirname, '..', 'src', 'client', 'schema.ts');
const HEADER = `// Generated from Roster's OpenAPI document by openapi-typescript (npm run client:generate).
// Do not edit: test/client.schema.test.ts fails when this file is not what the document generates.
`;

async function generate(): Promise<string> {
  // The emulator mode's document: Ada's API and the emulator's control API.
  const roster = await startRoster();
  try {
    const document = roster.internals.app.swagger() as unknown as Parameters<typeof openapiTS>[0];
    const source = HEADER + astToString(await openapiTS(document, { alphabetize: true }));
    const options = (await prettier.resolveConfig(FILE)) ?? {};
    return prettier.format(source, { ...options, filepath: FILE });
  } finally {
    await roster.close();
  }
}

describe('the typed client', () => {
  it('has types that match the OpenAPI document', async () => {
    const generated = await generate();
    if (process.env.ROSTER_WRITE_CLIENT_SCHEMA === '1') fs.writeFileSync(FILE, generated);
    const current = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '';
    expect(current === generated, 'src/client/schema.ts is out of date: run npm run client:generate').toBe(true);
  });
});
