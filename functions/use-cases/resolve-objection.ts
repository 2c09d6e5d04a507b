/**
 * DESIGN.md §2 "Objections": staff record the investigation outcome (upheld / dismissed) of a
 * pending objection, with findings. A window whose time is up waits for its last pending objection
 * (`awaiting-objections`); resolving that one resumes the round flow, which then settles the window
 * (upheld objections strike their entries; Art. 8 allows the vacancy).
 */
import { resolveObjection as resolveDomainObjection } from '../domain/publicity.ts';
import type { Deps } from '../ports/deps.ts';
import type { Actor, ObjectionRecord, TaskTokenRecord } from '../ports/records.ts';
import type { Change } from '../ports/store.ts';
import { notFound } from './access.ts';
import { requireRole } from './applications/context.ts';
import { auditEvent } from './audit.ts';
import { notify, objectionFacts, objectorRecipient } from './notifications/notify.ts';
import { objectionAuditView } from './review/context.ts';
import { consumeTaskToken, resumeClaimed } from './workflow/resume-wait.ts';
import { objectionsWaitFor } from './workflow/waits.ts';

export interface ResolveObjectionInput {
  objectionId: string;
  outcome: 'upheld' | 'dismissed';
  findings: string;
}

/** Resolves a pending objection; ILLEGAL_TRANSITION (409) when it was already resolved. */
export async function resolveObjection(
  deps: Deps,
  actor: Actor,
  input: ResolveObjectionInput,
): Promise<ObjectionRecord> {
  requireRole(actor, 'staff');
  const objection = await deps.store.getObjection(input.objectionId);
  if (!objection) throw notFound('异议');
  const now = deps.clock.now();
  const resolved = resolveDomainObjection(
    {
      objectionId: objection.objectionId,
      windowId: objection.windowId,
      applicationId: objection.applicationId,
      // The rule reads the status only; the objector's numbers stay sealed.
      objector: { name: objection.objector.name, phone: objection.objector.phoneMasked },
      content: objection.content,
      filedAt: new Date(objection.createdAt),
      status: objection.status,
    },
    input.outcome,
    input.findings,
    now,
  );
  const updated: ObjectionRecord = {
    ...objection,
    status: resolved.status,
    findings: resolved.findings!,
    resolvedAt: now.toISOString(),
    resolvedBy: actor.sub,
  };

  const changes: Change[] = [
    { op: 'put', entity: { type: 'objection', record: updated } },
    // API.md: the outcome goes to the phone the objector gave (they have no account, so no inbox).
    ...notify(
      deps,
      {
        kind: 'objection.resolved',
        entityId: objection.objectionId,
        roundId: objection.roundId,
        facts: {
          ...(await objectionFacts(deps, objection)),
          outcome: input.outcome,
          findings: input.findings,
        },
        at: now,
      },
      [objectorRecipient(objection)],
    ),
  ];
  let token: TaskTokenRecord | undefined;
  const window = await deps.store.getWindow(objection.windowId);
  if (window && window.status !== 'closed') {
    // Written back unchanged: its version serializes this resolution with the window's closer and
    // with other resolutions, so the last pending objection is always seen as the last.
    changes.push({ op: 'put', entity: { type: 'window', record: window } });
  }
  if (window?.status === 'awaiting-objections') {
    const others = await deps.store.listObjectionsForWindow(window.windowId);
    const stillPending = others.some(
      (o) => o.objectionId !== objection.objectionId && o.status === 'pending',
    );
    if (!stillPending) {
      // The last one: consume the flow's wait in the same commit, so only one resolution resumes it.
      const consumed = await consumeTaskToken(deps, window.roundId, objectionsWaitFor(window.windowId), now);
      token = consumed.token;
      changes.push(...consumed.changes);
    }
  }
  await deps.store.commit({
    changes,
    audit: [
      auditEvent({
        entityType: 'objection',
        entityId: objection.objectionId,
        verb: 'resolved',
        actor,
        at: now,
        before: objectionAuditView(objection),
        after: objectionAuditView(updated),
      }),
    ],
  });
  if (token) {
    await resumeClaimed(deps, token, { windowId: objection.windowId, objectionsResolved: true });
  }
  return { ...updated, version: updated.version + 1 };
}
