/**
 * The people and organizations the browser suites play a round with: the identities of the
 * portal's local role switcher (DevPanel) and valid Taiyuan identifiers built with their check
 * characters, so both suites (the round in the portal, the accessibility sweep) meet the same cast.
 */
import { creditCodeCheckCharacter, idNumberCheckDigit } from '../../../functions/domain/identifiers.ts';
import type { Identity } from './platform-api.ts';

/** A GB 32100 credit code of an enterprise registered in `division`. */
export const creditCode = (division: string, organizationCode: string): string => {
  const first17 = `91${division}${organizationCode}`;
  return first17 + creditCodeCheckCharacter(first17);
};

/** A GB 11643 ID number of a resident of Xiaodian district born on `birth` (YYYYMMDD). */
export const idNumber = (birth: string, sequence: string): string => {
  const first17 = `140105${birth}${sequence}`;
  return first17 + idNumberCheckDigit(first17);
};

export const STAFF: Identity = { sub: 'staff-1', roles: ['staff'], name: '评选办张老师' };
export const APPLICANT: Identity = { sub: 'applicant-org-1', roles: ['applicant'], name: '王经理' };
export const PERSON: Identity = { sub: 'applicant-person-1', roles: ['applicant'], name: '李工' };
export const SECOND_APPLICANT: Identity = { sub: 'applicant-org-2', roles: ['applicant'], name: '刘经理' };
export const RECOMMENDER: Identity = {
  sub: 'recommender-140105',
  roles: ['recommender'],
  name: '小店区推荐单位',
  jurisdiction: '140105',
};
export const LEADER: Identity = { sub: 'leader-1', roles: ['leader'], name: '领导小组成员' };
export const REVIEWERS: Identity[] = [1, 2, 3].map((n) => ({ sub: `reviewer-${n}`, roles: ['reviewer'] }));

export const ORG_A = { name: '太原精工机械有限公司', creditCode: creditCode('140105', 'MA0K12345') };
export const ORG_B = { name: '山西晋阳建设集团有限公司', creditCode: creditCode('140105', 'MA0L67890') };
