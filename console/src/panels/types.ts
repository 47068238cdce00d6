// What a panel of the console is. Adding a panel is one file exporting a Panel, and one line in
// panels/index.ts.
import type { JSX } from 'preact';

export interface PanelProps {
  /** The AI Agent chosen in the header (agent panels only). */
  agentId: string;
  /** The route after the panel's id: #/a/<agent>/<panel>/<rest...> or #/<panel>/<rest...>. */
  rest: string[];
  query: URLSearchParams;
}

export interface Panel {
  id: string;
  title: string;
  /** agent: works on one AI Agent's data through the public API; global: on all of Roster. */
  scope: 'agent' | 'global';
  /** emulator: listed only when the server runs the emulator (the test-double mode). */
  requires?: 'emulator';
  view(props: PanelProps): JSX.Element;
}

/** The hash of a route inside the console. */
export function href(panel: string, agentId: string | null, ...rest: string[]): string {
  const tail = rest.map(encodeURIComponent).join('/');
  const base = agentId ? `#/a/${encodeURIComponent(agentId)}/${panel}` : `#/${panel}`;
  return tail ? `${base}/${tail}` : base;
}
