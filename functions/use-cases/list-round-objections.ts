/** DESIGN.md §2 "Objections": the office investigates and supervisors (Art. 15) oversee every objection of a round. */
import type { Deps } from '../ports/deps.ts';
import type { Actor, ObjectionRecord } from '../ports/records.ts';
import { requireRole } from './applications/context.ts';
import { loadRound } from './rounds/support.ts';

/** The round's objections, oldest first; NOT_FOUND for an unknown round. */
export async function listRoundObjections(
  deps: Deps,
  actor: Actor,
  input: { roundId: string },
): Promise<ObjectionRecord[]> {
  requireRole(actor, 'staff', 'supervisor');
  const round = await loadRound(deps, input.roundId);
  const objections = await deps.store.listObjectionsForRound(round.roundId);
  return [...objections].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.objectionId.localeCompare(b.objectionId),
  );
}
