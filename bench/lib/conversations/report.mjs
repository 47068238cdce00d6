// @ts-check
// Reporting of conversations mode: one table per engine, and the replies of the script responder.
import { table } from '../report.mjs';
/** @import { ConversationResult } from './run.mjs' */

/**
 * @param {string} name
 * @param {Record<string, ConversationResult>} results
 */
function engineTable(name, results) {
  const rows = Object.entries(results).map(([scenario, r]) => [
    scenario,
    Math.round(r.rps).toLocaleString('en-US'),
    r.p50?.toFixed(1),
    r.p99?.toFixed(1),
    r.cpuUsPerRequest === null ? '' : Math.round(r.cpuUsPerRequest).toLocaleString('en-US'),
    r.vsEndUserCreate?.toFixed(2) ?? '',
    String(r.errors),
  ]);
  return `${name}\n${table(['scenario', 'req/s', 'p50 ms', 'p99 ms', 'CPU us/req', 'x end-user create', 'errors'], rows)}`;
}

/**
 * The engine's table, then what the script responder did.
 * @param {string} name
 * @param {Record<string, ConversationResult>} results
 */
export function printEngine(name, results) {
  process.stdout.write(`\n${engineTable(name, results)}\n`);
  const replies = results['message post + reply'];
  // Both are set together, on the scenario with the script responder.
  if (replies?.messagesByRole && replies.replyLagSeconds !== undefined) {
    process.stdout.write(
      `with the script responder: ${replies.messagesByRole.end_user} end-user messages, ${replies.messagesByRole.ai_agent} AI Agent replies; the last reply was stored ${replies.replyLagSeconds.toFixed(1)} s after the load ended\n`,
    );
  }
}
