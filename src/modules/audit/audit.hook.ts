// The audit log's change hook: every configuration change a unit of work records
// (`unit.change`) becomes an audit row and a v1.audit_log.emitted event, inside the same
// transaction, with the actor of the request or command. The diff names every changed field;
// a sensitive field is named with no value, before or after.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { toWireTime } from '../../lib/time.js';
import { currentActor } from '../../platform/actor.js';
import type { ChangeHook, ChangeInput } from '../../platform/unit-of-work.js';
import type { AuditRow, AuditStore } from './audit.store.js';

export const AUDIT_EVENT = 'v1.audit_log.emitted';

export type FieldChange = { field: string; before: unknown; after: unknown } | { field: string; sensitive: true };

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields that differ between before and after (all of one side for a creation or deletion). */
export function diffOf(change: Pick<ChangeInput, 'before' | 'after' | 'sensitive'>): FieldChange[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  const sensitive = new Set(change.sensitive ?? []);
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: FieldChange[] = [];
  for (const field of fields) {
    const was = change.before === null ? undefined : before[field];
    const now = change.after === null ? undefined : after[field];
    if (change.before !== null && change.after !== null && same(was, now)) continue;
    out.push(sensitive.has(field) ? { field, sensitive: true } : { field, before: was ?? null, after: now ?? null });
  }
  return out;
}

/** The wire form of an audit record (Ada's fields, then Roster's actor_type, actor_id and changes). */
export function presentAudit(row: AuditRow) {
  return {
    id: row.id,
    timestamp: toWireTime(Number(row.created_at)),
    actor_email: '',
    actor_name: '',
    actor_user_id: '',
    entity_type: row.entity_type,
    entity_id: row.entity_id,
    entity_name: row.entity_name,
    activity: row.activity,
    interface: row.interface,
    context_ip: row.context_ip,
    context_user_agent: row.context_user_agent,
    api_key_name: '',
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    changes: JSON.parse(row.changes) as FieldChange[],
  };
}

export function auditHook(deps: { store: AuditStore; clock: Clock }): ChangeHook {
  return async (unit, changes) => {
    const actor = currentActor();
    const now = deps.clock.now();
    const rows: AuditRow[] = changes.map((change) => ({
      id: randomUUID(),
      agent_id: change.agentId,
      actor_type: actor.type,
      actor_id: actor.id,
      interface: actor.via,
      context_ip: actor.ip ?? '',
      context_user_agent: (actor.userAgent ?? '').slice(0, 1_000),
      entity_type: change.entityType,
      entity_id: change.entityId,
      entity_name: change.entityName ?? '',
      activity: change.activity,
      changes: JSON.stringify(diffOf(change)),
      created_at: now,
    }));
    await deps.store.append(rows, unit.ex);
    for (const row of rows) {
      unit.record({
        agentId: row.agent_id,
        type: AUDIT_EVENT,
        data: presentAudit(row),
        tags: [row.entity_type, row.activity, row.entity_id],
      });
    }
  };
}
