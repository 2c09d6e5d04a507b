/**
 * The stable kinds of API.md "Notifications", in a module of their own with no imports, so the
 * API's schemas (and through them the portal's types) can name them without the calendar code.
 */
export const NOTIFICATION_KINDS = [
  'application.submitted',
  'application.recommended',
  'application.not-recommended',
  'application.qualified',
  'application.disqualified',
  'window.opened',
  'objection.received',
  'objection.resolved',
  'assignment.created',
  'deadline.approaching',
  'deadline.passed',
  'round.escalated',
  'application.result',
  'award.revoked',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
