// The chosen AI Agent's knowledge base, read-only: its sources and a page of its articles.
import { useState } from 'preact/hooks';
import { call, nextCursor, v2 } from '../api';
import { Section, Status, Time, useLoad } from '../ui';
import type { Panel, PanelProps } from './types';

interface Source {
  id: string;
  name: string;
  last_sync?: string | null;
}
interface Article {
  id: string;
  name: string;
  knowledge_source_id: string;
  language: string;
  enabled: boolean;
  updated?: string | null;
}

function KnowledgeView(props: PanelProps) {
  const sources = useLoad(
    () => call<{ data: Source[] }>('GET', v2(props.agentId, 'knowledge/sources/?limit=100')),
    [props.agentId],
  );
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const articles = useLoad(
    () =>
      call<{ data: Article[]; meta: { next_page_url: string | null } }>(
        'GET',
        v2(props.agentId, `knowledge/articles/?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      ),
    [props.agentId, cursor],
  );
  const next = nextCursor(articles.data?.meta);
  return (
    <>
      <Section title="Sources">
        <Status loaded={sources} />
        {sources.data && (
          <table>
            <caption>Knowledge sources</caption>
            <thead>
              <tr>
                <th scope="col">id</th>
                <th scope="col">Name</th>
                <th scope="col">Last sync</th>
              </tr>
            </thead>
            <tbody>
              {sources.data.data.map((s) => (
                <tr key={s.id}>
                  <td>{s.id}</td>
                  <td>{s.name}</td>
                  <td>
                    <Time at={s.last_sync ?? null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Articles">
        <Status loaded={articles} />
        {articles.data && (
          <table>
            <caption>Knowledge articles</caption>
            <thead>
              <tr>
                <th scope="col">id</th>
                <th scope="col">Name</th>
                <th scope="col">Source</th>
                <th scope="col">Language</th>
                <th scope="col">Enabled</th>
              </tr>
            </thead>
            <tbody>
              {articles.data.data.map((a) => (
                <tr key={a.id}>
                  <td>{a.id}</td>
                  <td>{a.name}</td>
                  <td>{a.knowledge_source_id}</td>
                  <td>{a.language}</td>
                  <td>{a.enabled ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div class="pager">
          <button type="button" disabled={cursors.length === 0} onClick={() => setCursors([])}>
            First page
          </button>
          <button type="button" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
            Next page
          </button>
        </div>
      </Section>
    </>
  );
}

export const knowledgePanel: Panel = { id: 'knowledge', title: 'Knowledge', scope: 'agent', view: KnowledgeView };
