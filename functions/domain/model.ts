/**
 * The vocabulary of the Measures as types shared by every domain module.
 * Dates without time (`YYYY-MM-DD`) are calendar dates in Beijing time; instants are `Date`s.
 */

export const CATEGORIES = ['organization', 'individual'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The people who act in a round (DESIGN.md §1), as the `roles` claim and Cognito groups name them. */
export const ROLES = ['applicant', 'recommender', 'staff', 'reviewer', 'leader', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

/** Art. 5, 8: two tiers, 市政府质量奖 and 市政府质量奖提名奖. */
export const TIERS = ['award', 'nomination'] as const;
export type Tier = (typeof TIERS)[number];

/** Art. 3: enterprises in manufacturing, services, construction. */
export const INDUSTRIES = ['manufacturing', 'services', 'construction'] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** Art. 18: the procedure, in order (API.md "Stages in order"). */
export const ROUND_STAGES = [
  'call-open',
  'qualification',
  'accepted-publicity',
  'material-review',
  'onsite-review',
  'defense',
  'evaluation',
  'decision',
  'winner-publicity',
  'approval',
  'announced',
] as const;
export type RoundStage = (typeof ROUND_STAGES)[number];

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'recommended',
  'not-recommended',
  'qualified',
  'disqualified',
  'accepted',
  'struck',
  'in-review',
  'not-selected',
  'candidate',
  'proposed',
  'awarded',
  'not-awarded',
  'withdrawn',
  'revoked',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** The three scored review stages of Art. 18 (4)–(6). */
export const REVIEW_STAGES = ['material', 'onsite', 'defense'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export type StageWeights = Record<ReviewStage, number>;
export type Quotas = Record<Tier, number>;
export type MinimumPercent = Partial<Record<Tier, number>>;

/** `accepted`: Art. 18 (3) list of accepted applicants; `winners`: Art. 18 (8) proposed winners. */
export const WINDOW_KINDS = ['accepted', 'winners'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];
export const WINDOW_STATUSES = ['open', 'awaiting-objections', 'closed'] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];
/** Staff's finding on a real-name objection (DESIGN.md §2 "Objections"). */
export const OBJECTION_OUTCOMES = ['upheld', 'dismissed'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];
export const OBJECTION_STATUSES = ['pending', ...OBJECTION_OUTCOMES] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/**
 * A round (届) as the Measures shape it: its call (Art. 18 (1)-(2)), quotas (Art. 8), stage
 * weights and optional floors, and the rulebook and rubric versions fixed when it opens (Art. 17, 31).
 */
export interface Round {
  roundId: string;
  ordinal: number;
  title: string;
  stage: RoundStage;
  callOpensAt: Date;
  callClosesAt: Date;
  quotas: Quotas;
  weights: StageWeights;
  minimumPercent: MinimumPercent;
  rulebookVersion: string;
  rubricVersion: string;
  /** Set by `PUT /v1/rounds/{roundId}/review-settings`; absent until staff set it. */
  reviewSettings?: ReviewSettings;
}

/** The business deadlines a round can carry: the district's recommendation, qualification, each stage. */
export const DEADLINE_KINDS = ['recommendation', 'qualification', ...REVIEW_STAGES] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * A round's review settings (DESIGN.md "Review load", "Deadlines are reminders, not gates"): load
 * limits are applications per reviewer per stage; deadlines only drive reminders, they never block.
 */
export interface ReviewSettings {
  loadLimits: Partial<Record<ReviewStage, number>>;
  deadlines: Partial<Record<DeadlineKind, Date>>;
  /** Working days before a deadline's date that `deadline.approaching` goes out (API.md default 2). */
  reminderWorkingDays: number;
}

export interface Contact {
  name: string;
  phone: string;
  email?: string;
}

export interface OrganizationProfile {
  name: string;
  creditCode: string;
  registeredOn: string;
  industry: Industry;
  sme?: boolean;
  address?: string;
  contact: Contact;
}

export interface OrganizationDeclarations {
  noMajorAccident3Years: boolean;
  noBadCreditRecord: boolean;
  compliesWithLaw: boolean;
}

export interface IndividualMember {
  name: string;
  idNumber: string;
  employer: string;
  employerCreditCode: string;
  qualityWorkSince: string;
}

export interface IndividualDeclarations {
  employerNoMajorAccident3Years: boolean;
  compliesWithLaw: boolean;
}

export interface SelfEvaluation {
  items: Record<string, number>;
  summary: string;
}

export type ApplicationBody =
  | {
      category: 'organization';
      organization: OrganizationProfile;
      jurisdiction: string;
      declarations: OrganizationDeclarations;
      selfEvaluation: SelfEvaluation;
    }
  | {
      category: 'individual';
      members: IndividualMember[];
      jurisdiction: string;
      declarations: IndividualDeclarations;
      selfEvaluation: SelfEvaluation;
    };

/** Who a sanction is about: a credit code, or the HMAC of a resident ID number (never the number). */
export interface SanctionSubject {
  type: 'organization' | 'individual' | 'reviewer';
  /** Credit code for organizations; HMAC lookup key of the ID number for individuals; `sub` for reviewers. */
  key: string;
}

export const SANCTION_KINDS = ['award-holder', 'revoked', 'reviewer-disqualified'] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];

export const REVOCATION_REASONS = ['fraud', 'major-accident', 'mark-misuse', 'serious-violation'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface Sanction {
  sanctionId: string;
  kind: SanctionKind;
  subject: SanctionSubject;
  barredFromOrdinal: number;
  barredThroughOrdinal: number;
  reason: string;
  createdAt: Date;
}
