// The export's message records written as text are exactly the presented objects, field for
// field and in order, whatever the content and the author.
import { describe, expect, it } from 'vitest';
import { exportMessageJson, presentExportMessage } from './export.presenter.js';
import type { MessageRow } from './export.store.js';

const base: MessageRow = {
  id: '6b0a1c709f1e4a0b3c5d7e99',
  conversation_id: '6b0a1c5e9f1e4a0b3c5d7e94',
  end_user_id: '6b09907429197363d02628e3',
  author_role: 'end_user',
  content: JSON.stringify({ type: 'text', body: 'Hi "there" \\ \u2028 é 👋' }),
  created_at: 1_764_252_916_783,
};

describe('export message records as text', () => {
  const cases: Array<[string, MessageRow, string | null]> = [
    ['an end user text', base, null],
    ['an AI Agent reply', { ...base, author_role: 'ai_agent', created_at: '1764252916784' }, base.id],
    ['a human agent', { ...base, author_role: 'human_agent' }, null],
    [
      'a link',
      {
        ...base,
        author_role: 'ai_agent',
        content: JSON.stringify({ type: 'link', url: 'https://x.example', link_text: null }),
      },
      null,
    ],
    ['content whose keys come in another order', { ...base, content: '{"body":"b","type":"text"}' }, null],
  ];
  it.each(cases)('%s', (_, row, inResponseTo) => {
    const text = exportMessageJson(row, inResponseTo);
    expect(text).toBe(JSON.stringify(presentExportMessage(row, inResponseTo)));
  });
});
