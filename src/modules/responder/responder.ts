// The AI Agent's responder: the "none" kind and the choice of kind from configuration. The script,
// http and knowledge kinds live beside this file; their shared contract is responder.contract.ts.
import { ConfigError, type ResponderConfig } from '../../config.js';
import type { Responder } from './responder.contract.js';
import { createHttpResponder } from './responder.http.js';
import { createKnowledgeResponder, type KnowledgeDeps } from './responder.knowledge.js';
import { createScriptResponder } from './responder.script.js';

export type {
  Handoff,
  Reply,
  ReplyContent,
  Responder,
  ResponderTurn,
  TurnGuidance,
  TurnKind,
} from './responder.contract.js';
export { ResponderError, answerOf } from './responder.contract.js';
export type { KnowledgeDeps } from './responder.knowledge.js';

/** What some kinds need from other modules (the knowledge kind: the knowledge module's search). */
export interface ResponderDeps {
  knowledge?: KnowledgeDeps;
}

const noneResponder: Responder = { kind: 'none', respond: async () => [] };

/**
 * The responder the configuration names. Synchronous, and strict at startup: a script file that
 * cannot be read or is invalid, or an unusable URL or secret, is a ConfigError now rather than a
 * silent AI Agent later.
 */
export function createResponder(config: ResponderConfig, deps: ResponderDeps = {}): Responder {
  switch (config.kind) {
    case 'none':
      return noneResponder;
    case 'script':
      if (config.scriptPath === null)
        throw new ConfigError(
          'ROSTER_RESPONDER_SCRIPT',
          'is required with ROSTER_RESPONDER=script: the path of the JSON file of replies',
        );
      return createScriptResponder(config.scriptPath);
    case 'http':
      return createHttpResponder(config);
    case 'knowledge':
      if (!deps.knowledge) throw new Error('the knowledge responder needs the knowledge module');
      return createKnowledgeResponder(config.noAnswer, deps.knowledge);
  }
}
