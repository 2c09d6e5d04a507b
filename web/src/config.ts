/**
 * Portal configuration. Two kinds:
 * - build-time texts and the award office's contact channels (OFFICE below): PLACEHOLDERS until the
 *   office supplies its real ones — change them here, or override them at run time with an
 *   `office` object in `config.json`;
 * - run-time settings in `/config.json` (web/public/config.json, replaced per deployment without a
 *   rebuild): the API base, the sign-in strategy, the consent text's version.
 */

export interface OfficeContact {
  name: string;
  phone: string;
  address: string;
  postcode: string;
  email: string;
  hours: string;
  /** True while the values are the placeholders shipped with the code. */
  placeholder: boolean;
}

/** Placeholder contact channels of the award office (Art. 13); replace with the office's own. */
export const OFFICE: OfficeContact = {
  name: '太原市标准化和质量强市工作领导组办公室（市政府质量奖评审工作办公室）',
  phone: '0351-0000000（示例号码，待配置）',
  address: '山西省太原市××区××路××号（示例地址，待配置）',
  postcode: '030000',
  email: 'zhiliangjiang@example.gov.cn（示例邮箱，待配置）',
  hours: '工作日 9:00—12:00，14:30—17:30',
  placeholder: true,
};

export type AuthSettings =
  | { mode: 'local' }
  | {
      mode: 'cognito';
      /** Hosted UI domain, e.g. `https://award.auth.ap-east-1.amazoncognito.com`. */
      domain: string;
      clientId: string;
      /** Defaults to the portal's origin + `/auth/callback`. */
      redirectUri?: string;
      scopes?: string[];
    }
  | {
      mode: 'broker';
      /** The provincial identity platform's sign-in page. */
      authorizeUrl: string;
      clientId: string;
      redirectUri?: string;
      /** Our token broker; default `/v1/auth/exchange` on the API. */
      exchangePath?: string;
    };

export interface RuntimeConfig {
  apiBase: string;
  auth: AuthSettings;
  /** Version of the consent text below; the server records it with the submission (PIPL Art. 29). */
  consentVersion: string;
  office: OfficeContact;
}

const DEFAULTS: RuntimeConfig = {
  apiBase: '',
  auth: { mode: 'local' },
  consentVersion: '2026-01',
  office: OFFICE,
};

let current: RuntimeConfig = DEFAULTS;

/** Loads `/config.json`; keeps the defaults when it is missing or unreadable. */
export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  try {
    const response = await fetch('/config.json', { cache: 'no-store' });
    if (response.ok) {
      const raw = (await response.json()) as Partial<RuntimeConfig>;
      current = {
        apiBase: (raw.apiBase ?? DEFAULTS.apiBase).replace(/\/$/, ''),
        auth: raw.auth ?? DEFAULTS.auth,
        consentVersion: raw.consentVersion ?? DEFAULTS.consentVersion,
        office: { ...OFFICE, ...(raw.office ?? {}) },
      };
    }
  } catch {
    current = DEFAULTS;
  }
  return current;
}

export const runtimeConfig = (): RuntimeConfig => current;

/**
 * The notice shown before the submit button (PIPL Art. 14, 29: separate consent to processing
 * sensitive personal information such as ID numbers). Its version is `consentVersion`.
 */
export const CONSENT_PARAGRAPHS: readonly string[] = [
  '为办理太原市政府质量奖申报、推荐、资格审查、评审、公示和表彰，太原市政府质量奖评审工作办公室（个人信息处理者）将处理您在申报材料中提供的个人信息，包括姓名、居民身份证号码、联系电话、工作单位和从事质量工作的经历等。其中居民身份证号码属于敏感个人信息，仅用于核验身份和禁报情形，加密保存，对您以外的人员只显示脱敏后的号码。',
  '上述信息仅在评选工作需要的范围内提供给推荐单位、评审专家、领导小组和监督人员，不向其他任何第三方提供；受理名单和拟获奖名单按《太原市政府质量奖管理办法》第十八条公示组织或个人名称。申报材料和评审记录按档案管理规定保存，日志和审计记录至少保存六个月。',
  '您可以依法查阅、复制、更正您的个人信息，或在资格审查结束前撤回申报；撤回申报不影响撤回前基于同意已进行的处理。联系方式见“异议与联系”页面。',
];
