// The README's fixture example loads as shown (the vitest example is a file of examples/, run by
// the suite and included verbatim in the README).
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { startRoster } from '../src/testing/index.js';

const README = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe("the README's fixture", () => {
  it('loads every item it shows', async () => {
    const block = /<!-- fixture: emulator -->\n```yaml\n([\s\S]*?)```/.exec(README)?.[1];
    expect(block).toBeDefined();
    const roster = await startRoster();
    try {
      const loaded = await roster.seed(parse(block!));
      expect(loaded).toEqual({ agents: 1, end_users: 2, channels: 1, conversations: 1, webhooks: 1, knowledge: 1 });
    } finally {
      await roster.close();
    }
  });
});
