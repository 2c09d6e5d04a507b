/**
 * Rules every Store implementation applies to a unit of work before writing it, shared by the
 * DynamoDB store and the in-memory fake so that both refuse the same units.
 */
import { DomainError } from '../../domain/errors.ts';
import type { AuditEvent } from '../../ports/records.ts';
import type { UnitOfWork } from '../../ports/store.ts';
import { identityOf } from './keys.ts';

/**
 * DynamoDB's TransactWriteItems limit. A unit counts one item per change, one per audit entry and
 * one audit HEAD per audited entity. Exceeding it is a programming error, not a user's: callers
 * split bulk changes (vetting, assignment of a whole round) into units of their own.
 */
export const MAX_TRANSACTION_ITEMS = 100;

/** The error a stale `version` (or a second create of the same record) produces. */
export const versionConflict = (): DomainError =>
  new DomainError('VERSION_CONFLICT', '数据已被他人修改，请刷新后重试');

export interface UnitPlan {
  /** Audit events grouped by entity, in order of first appearance (order kept within an entity). */
  auditByEntity: Map<string, AuditEvent[]>;
  itemCount: number;
}

/** Checks the unit's shape (throws a plain Error on a programming error) and groups its audit events. */
export function planUnit(unit: UnitOfWork): UnitPlan {
  const seen = new Set<string>();
  for (const change of unit.changes) {
    const identity = identityOf(change.entity);
    if (seen.has(identity)) throw new Error(`A unit of work changes ${identity} twice`);
    seen.add(identity);
    if (change.op === 'delete' && change.entity.record.version === 0) {
      throw new Error(`Cannot delete ${identity}: version 0 means it was never stored`);
    }
  }
  const auditByEntity = new Map<string, AuditEvent[]>();
  for (const event of unit.audit) {
    const events = auditByEntity.get(event.entityId) ?? [];
    events.push(event);
    auditByEntity.set(event.entityId, events);
  }
  const itemCount = unit.changes.length + unit.audit.length + auditByEntity.size;
  if (itemCount > MAX_TRANSACTION_ITEMS) {
    throw new Error(
      `A unit of work holds ${itemCount} items (changes + audit entries + audit heads); ` +
        `the limit is ${MAX_TRANSACTION_ITEMS}: split bulk changes into several units`,
    );
  }
  return { auditByEntity, itemCount };
}
