/**
 * The outbox side of every use case whose change concerns a person (API.md "Notifications"):
 * `notify` turns one cause into the records its commit writes with the change — an inbox item per
 * audience and, where a phone (else an email) is known, one SMS (else email) delivery — so that a
 * notice exists exactly when its cause does. Nothing is sent here: the dispatcher delivers.
 */

import type { ReviewStage } from '../../domain/model.ts';
import {
  type Audience,
  maskEmailAddress,
  type NotificationFacts,
  type NotificationKind,
  renderNotification,
  STAFF_AUDIENCE,
  userAudience,
} from '../../domain/notifications.ts';
import type { Deps } from '../../ports/deps.ts';
import type {
  ApplicationRecord,
  DeliveryRecord,
  NotificationRecord,
  ObjectionRecord,
  ReviewerRecord,
} from '../../ports/records.ts';
import type { Change, UnitOfWork } from '../../ports/store.ts';

/** Who is told: an inbox (optional: an objector has none) and the contacts known for them. */
export interface Recipient {
  audience?: Audience;
  phoneEncrypted?: string;
  phoneMasked?: string;
  email?: string;
}

export interface Notice {
  kind: NotificationKind;
  entityId: string;
  roundId?: string;
  facts: NotificationFacts;
  at: Date;
}

/** Email subjects carry the office's name, as its paper notices do. */
const SUBJECT_PREFIX = '【太原市政府质量奖】';

/** The records one notice writes for its recipients: spread them into the unit's `changes`. */
export function notify(deps: Pick<Deps, 'ids'>, notice: Notice, recipients: readonly Recipient[]): Change[] {
  const text = renderNotification(notice.kind, notice.facts);
  const at = notice.at.toISOString();
  const changes: Change[] = [];
  for (const recipient of recipients) {
    const notificationId = recipient.audience === undefined ? undefined : deps.ids.next('ntf');
    if (recipient.audience !== undefined && notificationId !== undefined) {
      const record: NotificationRecord = {
        notificationId,
        audience: recipient.audience,
        kind: notice.kind,
        title: text.title,
        body: text.body,
        entityId: notice.entityId,
        ...(notice.roundId === undefined ? {} : { roundId: notice.roundId }),
        at,
        version: 0,
      };
      changes.push({ op: 'put', entity: { type: 'notification', record } });
    }
    // API.md: SMS when a phone is known, else email when one is known.
    const channel = recipient.phoneEncrypted ? 'sms' : recipient.email ? 'email' : undefined;
    if (channel === undefined) continue;
    const messageId = notificationId === undefined ? deps.ids.next('msg') : `${notificationId}.${channel}`;
    const delivery: DeliveryRecord = {
      messageId,
      ...(notificationId === undefined ? {} : { notificationId }),
      kind: notice.kind,
      channel,
      ...(channel === 'sms'
        ? { phoneEncrypted: recipient.phoneEncrypted, toMasked: recipient.phoneMasked ?? '***' }
        : { email: recipient.email, toMasked: maskEmailAddress(recipient.email ?? '') }),
      subject: `${SUBJECT_PREFIX}${text.title}`,
      body: text.body,
      entityId: notice.entityId,
      at,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      version: 0,
    };
    changes.push({ op: 'put', entity: { type: 'delivery', record: delivery } });
  }
  return changes;
}

/** The applicant who owns an application: its inbox, and the organization contact's phone or email. */
export function applicantRecipient(application: ApplicationRecord): Recipient {
  const contact = application.organization?.contact;
  return {
    audience: userAudience(application.ownerSub),
    ...(contact ? { phoneEncrypted: contact.phoneEncrypted, phoneMasked: contact.phoneMasked } : {}),
    ...(contact?.email ? { email: contact.email } : {}),
  };
}

/** A reviewer: their inbox and the phone or email staff recorded with the profile. */
export function reviewerRecipient(reviewerId: string, reviewer: ReviewerRecord | null): Recipient {
  return {
    audience: userAudience(reviewerId),
    ...(reviewer?.phoneEncrypted
      ? { phoneEncrypted: reviewer.phoneEncrypted, phoneMasked: reviewer.phoneMasked ?? '***' }
      : {}),
    ...(reviewer?.email ? { email: reviewer.email } : {}),
  };
}

/** An objector has no account: the phone given with the objection is the only way to reach them. */
export function objectorRecipient(objection: ObjectionRecord): Recipient {
  return { phoneEncrypted: objection.objector.phoneEncrypted, phoneMasked: objection.objector.phoneMasked };
}

/** The staff role: every staff member's inbox, and the office's mailbox when one is configured. */
export function staffRecipient(deps: Pick<Deps, 'config'>): Recipient {
  const email = deps.config.staffNotifyEmail;
  return { audience: STAFF_AUDIENCE, ...(email ? { email } : {}) };
}

/** The round facts every template starts from. */
export const roundFacts = (round: { ordinal: number; title: string }) => ({
  round: { ordinal: round.ordinal, title: round.title },
});

/** The application facts of the templates. */
export const applicationFacts = (application: { applicationId: string; displayName: string }) => ({
  application: { applicationId: application.applicationId, displayName: application.displayName },
});

/** A notice to an application's applicant about it (the kinds `application.*`, `award.revoked`). */
export function applicantNotice(
  deps: Pick<Deps, 'ids'>,
  kind: NotificationKind,
  round: { roundId: string; ordinal: number; title: string },
  application: ApplicationRecord,
  at: Date,
  facts: NotificationFacts = {},
  entityId: string = application.applicationId,
): Change[] {
  return notify(
    deps,
    {
      kind,
      entityId,
      roundId: round.roundId,
      facts: { ...roundFacts(round), ...applicationFacts(application), ...facts },
      at,
    },
    [applicantRecipient(application)],
  );
}

/** The facts of an objection's notices: the round and the listed application it is about. */
export async function objectionFacts(
  deps: Pick<Deps, 'store'>,
  objection: { roundId: string; windowId: string; applicationId: string; objectionId: string },
): Promise<NotificationFacts> {
  const [round, window] = await Promise.all([
    deps.store.getRound(objection.roundId),
    deps.store.getWindow(objection.windowId),
  ]);
  const entry = window?.entries.find((e) => e.applicationId === objection.applicationId);
  return {
    ...(round ? roundFacts(round) : {}),
    application: {
      applicationId: objection.applicationId,
      displayName: entry?.displayName ?? objection.applicationId,
    },
    objectionId: objection.objectionId,
  };
}

/** `assignment.created` to the reviewer of a new (or renewed) assignment. */
export function assignmentNotice(
  deps: Pick<Deps, 'ids'>,
  round: { roundId: string; ordinal: number; title: string },
  application: { applicationId: string; displayName: string },
  assignment: { stage: ReviewStage; reviewerId: string },
  reviewer: ReviewerRecord | null,
  at: Date,
): Change[] {
  return notify(
    deps,
    {
      kind: 'assignment.created',
      entityId: application.applicationId,
      roundId: round.roundId,
      facts: { ...roundFacts(round), ...applicationFacts(application), stage: assignment.stage },
      at,
    },
    [reviewerRecipient(assignment.reviewerId, reviewer)],
  );
}

/** DynamoDB's TransactWriteItems limit as the Store counts a unit (changes, audit entries, audit heads). */
const TRANSACTION_ITEMS = 100;

/**
 * Commits `unit` with its notices in the same transaction when they fit (the usual case); a panel
 * of many reviewers, whose notices would pass the limit, has them follow in units of their own.
 */
export async function commitWithNotices(
  deps: Pick<Deps, 'store'>,
  unit: UnitOfWork,
  notices: Change[],
): Promise<void> {
  const size = unit.changes.length + unit.audit.length + new Set(unit.audit.map((e) => e.entityId)).size;
  if (size + notices.length <= TRANSACTION_ITEMS) {
    await deps.store.commit({ changes: [...unit.changes, ...notices], audit: unit.audit });
    return;
  }
  await deps.store.commit(unit);
  for (let i = 0; i < notices.length; i += TRANSACTION_ITEMS - 10) {
    // Each inbox item and delivery stands alone (a version-0 put): any split of them is sound.
    await deps.store.commit({ changes: notices.slice(i, i + TRANSACTION_ITEMS - 10), audit: [] });
  }
}
