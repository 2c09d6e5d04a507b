/** Builds audit events: `{entity}.{verb in the past tense}` with before/after snapshots. */
import type { Actor, AuditEvent } from '../ports/records.ts';

const primaryRole = (actor: Actor): string => actor.roles[0] ?? 'public';

export function auditEvent(input: {
  entityType: string;
  entityId: string;
  verb: string;
  actor: Actor;
  at: Date;
  /** Only where neither the entity nor its snapshots name the round (see `roundOf`). */
  roundId?: string | undefined;
  before?: unknown;
  after?: unknown;
}): AuditEvent {
  const roundId = input.roundId ?? roundOf(input);
  return {
    entityId: input.entityId,
    entityType: input.entityType,
    action: `${input.entityType}.${input.verb}`,
    actor: input.actor.sub,
    role: primaryRole(input.actor),
    at: input.at.toISOString(),
    ...(roundId === undefined ? {} : { roundId }),
    ...(input.before === undefined ? {} : { before: stripVersion(input.before) }),
    ...(input.after === undefined ? {} : { after: stripVersion(input.after) }),
  };
}

/**
 * The round an event concerns, derived in one place so that no use case can forget it: a round is
 * its own round; anything else names its round in its record (applications, assignments, windows,
 * objections, awards all carry `roundId`). Reviewers, sanctions and calendars concern no round.
 */
function roundOf(input: { entityType: string; entityId: string; before?: unknown; after?: unknown }) {
  if (input.entityType === 'round') return input.entityId;
  for (const snapshot of [input.after, input.before]) {
    if (snapshot && typeof snapshot === 'object' && !Array.isArray(snapshot)) {
      const roundId = (snapshot as Record<string, unknown>).roundId;
      if (typeof roundId === 'string' && roundId.length > 0) return roundId;
    }
  }
  return undefined;
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
