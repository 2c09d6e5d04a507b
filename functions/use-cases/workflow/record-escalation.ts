/**
 * When a wait of the round flow times out, or a task keeps failing after its retries, the flow does
 * not die: it records an escalation on the round (shown to staff; audited `round.escalated`) and
 * goes back to the same wait, or retries the task later. Recording is idempotent per escalation:
 * the flow gives each one an id, so a retried recording does not append twice.
 */
import { ROUND_FLOW_TASK_LABELS } from '../../../statemachines/round-flow.ts';
import type { Deps } from '../../ports/deps.ts';
import { type RoundRecord, SYSTEM_ACTOR } from '../../ports/records.ts';
import { auditEvent } from '../audit.ts';
import { notify, roundFacts, staffRecipient } from '../notifications/notify.ts';
import { commitRoundChange } from './bulk.ts';
import { describeWaitingFor as describeWaiting } from './waits.ts';

export interface RecordEscalationInput {
  roundId: string;
  /** Unique per escalation (`States.UUID()` in the flow). */
  escalationId?: string;
  /** The wait's name, or the failed task's `taskWaitingFor` (waits.ts). */
  waitingFor: string;
  /** The state the flow goes back to. */
  resumeState?: string;
  /** The caught error: `{Error, Cause}`; `States.Timeout` for a wait that timed out. */
  error?: { Error?: string; Cause?: string } | null;
}

/** An entry of `round.escalations`, with the id that makes recording it idempotent. */
export type Escalation = NonNullable<RoundRecord['escalations']>[number] & { escalationId?: string };

export const TIMEOUT_ERROR = 'States.Timeout';

/**
 * Escalations kept on the round record: a task failing for days is retried (and escalated) every
 * hour, and the record must stay far below DynamoDB's 400 KB item limit. Every escalation stays
 * in the audit trail.
 */
export const MAX_KEPT_ESCALATIONS = 50;

/** What the flow was waiting for, in Chinese (a wait, or one of the flow's tasks by its label). */
export const describeWaitingFor = (waitingFor: string): string =>
  describeWaiting(waitingFor, ROUND_FLOW_TASK_LABELS);

/** The human-readable message of a caught error (a Lambda Cause is JSON with `errorMessage`). */
function causeOf(error: RecordEscalationInput['error']): string {
  const cause = error?.Cause ?? '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage.slice(0, 500);
  } catch {
    // Not JSON: the cause is the message itself.
  }
  return cause.slice(0, 500);
}

/** The escalation's note for staff. */
export function escalationNote(input: Pick<RecordEscalationInput, 'waitingFor' | 'error'>): string {
  const what = describeWaitingFor(input.waitingFor);
  const name = input.error?.Error ?? '';
  if (name === TIMEOUT_ERROR) return `等待${what}超时，流程仍在等待，请工作人员及时处理`;
  const cause = causeOf(input.error);
  return `${what}出错（${name || '未知错误'}${cause ? `：${cause}` : ''}），流程已暂停并将稍后自动重试，请工作人员核查`;
}

/** Appends the escalation to the round (once per escalation id) and audits `round.escalated`. */
export async function recordEscalation(
  deps: Deps,
  input: RecordEscalationInput,
): Promise<{ recorded: boolean }> {
  const now = deps.clock.now();
  const recorded = await commitRoundChange(deps, input.roundId, (round) => {
    const existing = (round.escalations ?? []) as Escalation[];
    if (input.escalationId && existing.some((e) => e.escalationId === input.escalationId)) return null;
    const entry: Escalation = {
      at: now.toISOString(),
      waitingFor: input.waitingFor,
      note: escalationNote(input),
      ...(input.escalationId ? { escalationId: input.escalationId } : {}),
    };
    const escalations = [...existing, entry].slice(-MAX_KEPT_ESCALATIONS);
    return {
      changes: [
        { op: 'put', entity: { type: 'round', record: { ...round, escalations } } },
        ...notify(
          deps,
          {
            kind: 'round.escalated',
            entityId: round.roundId,
            roundId: round.roundId,
            facts: {
              ...roundFacts(round),
              waitingFor: describeWaitingFor(input.waitingFor),
              note: entry.note,
            },
            at: now,
          },
          [staffRecipient(deps)],
        ),
      ],
      audit: [
        auditEvent({
          entityType: 'round',
          entityId: round.roundId,
          verb: 'escalated',
          actor: SYSTEM_ACTOR,
          at: now,
          after: { ...entry, ...(input.error?.Error ? { error: input.error.Error } : {}) },
        }),
      ],
    };
  });
  return { recorded };
}
