/** Builds audit events: `{entity}.{verb in the past tense}` with before/after snapshots. */
import type { Actor, AuditEvent } from '../ports/records.ts';

const primaryRole = (actor: Actor): string => actor.roles[0] ?? 'public';

export function auditEvent(input: {
  entityType: string;
  entityId: string;
  verb: string;
  actor: Actor;
  at: Date;
  before?: unknown;
  after?: unknown;
}): AuditEvent {
  return {
    entityId: input.entityId,
    entityType: input.entityType,
    action: `${input.entityType}.${input.verb}`,
    actor: input.actor.sub,
    role: primaryRole(input.actor),
    at: input.at.toISOString(),
    ...(input.before === undefined ? {} : { before: stripVersion(input.before) }),
    ...(input.after === undefined ? {} : { after: stripVersion(input.after) }),
  };
}

function stripVersion(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { version: _version, ...rest } = value as Record<string, unknown>;
    return rest;
  }
  return value;
}

/** The public actor: objections are real-name but not signed in. */
export const PUBLIC_ACTOR: Actor = { sub: 'public', roles: ['public'], name: '公众' };
