/**
 * Chinese names shown in the portal. Stage, status and review-stage names come from the domain
 * (one source with the server's messages); the rest are the portal's own.
 */
export { JURISDICTIONS } from '../../../functions/domain/divisions.ts';
export { ROUND_STAGES } from '../../../functions/domain/model.ts';
export { REVIEW_STAGE_LABELS } from '../../../functions/domain/scoring.ts';
export {
  APPLICATION_STATUS_LABELS,
  ROUND_STAGE_LABELS,
  ROUND_TRANSITIONS,
} from '../../../functions/domain/stages.ts';

import { findJurisdiction } from '../../../functions/domain/divisions.ts';
import type { Role } from '../../../functions/handlers/api/schemas/index.ts';

export const ROLE_LABELS: Record<Role, string> = {
  applicant: '申报人',
  recommender: '推荐单位',
  staff: '评选办工作人员',
  reviewer: '评审专家',
  leader: '领导小组',
  supervisor: '监督人员',
};

/** Every role, in the order the role switcher lists them (Record<Role, …> above keeps it complete). */
export const ROLES = Object.keys(ROLE_LABELS) as Role[];

export const CATEGORY_LABELS: Record<string, string> = { organization: '组织', individual: '个人' };
export const TIER_LABELS: Record<string, string> = {
  award: '太原市政府质量奖',
  nomination: '太原市政府质量奖提名奖',
};
export const INDUSTRY_LABELS: Record<string, string> = {
  manufacturing: '制造业',
  services: '服务业',
  construction: '建筑业',
};
export const WINDOW_KIND_LABELS: Record<string, string> = {
  accepted: '受理名单公示',
  winners: '拟获奖名单公示',
};
export const WINDOW_STATUS_LABELS: Record<string, string> = {
  open: '公示中',
  'awaiting-objections': '公示期满，异议处理中',
  closed: '已结束',
};
export const OBJECTION_STATUS_LABELS: Record<string, string> = {
  pending: '待处理',
  upheld: '异议成立',
  dismissed: '异议不成立',
};
export const EVIDENCE_STATUS_LABELS: Record<string, string> = {
  pending: '待核验',
  verified: '已核验',
  rejected: '未通过核验',
};
export const SANCTION_KIND_LABELS: Record<string, string> = {
  'award-holder': '获奖后禁报（第六条）',
  revoked: '撤销奖项后禁报（第二十五、二十七条）',
  'reviewer-disqualified': '取消评审资格（第二十九条）',
};
export const REVOCATION_REASON_LABELS: Record<string, string> = {
  fraud: '弄虚作假（第二十五条）',
  'major-accident': '发生重大质量、安全、环境、卫生事故（第二十七条）',
  'mark-misuse': '违规使用奖项标识（第二十七条）',
  'serious-violation': '严重违法违规（第二十七条）',
};
export const AWARD_STATUS_LABELS: Record<string, string> = { active: '有效', revoked: '已撤销' };

/** `140105` → `小店区`; unknown ids are shown as they are. */
export const jurisdictionName = (id: string | undefined): string =>
  id ? (findJurisdiction(id)?.name ?? id) : '—';

export const label = (table: Record<string, string>, key: string | undefined | null): string =>
  key ? (table[key] ?? key) : '—';
