/**
 * Sign-in (DESIGN.md §6): the token the API verifies comes from one of three places, chosen by
 * `auth.mode` in /config.json —
 * - `local`: the embedded platform's dev issuer, `POST /v1/dev/tokens` (a role switcher);
 * - `cognito`: the Cognito hosted UI, authorization code with PKCE; the ID token carries
 *   `cognito:groups` (the roles) and the client id as audience;
 * - `broker`: in China, the provincial identity platform's sign-in page; its code (or ticket) is
 *   exchanged by our token broker `POST /v1/auth/exchange` for our own short-lived JWT.
 * The session lives in sessionStorage, so closing the browser signs out.
 */
import type { DevTokenBody, Role } from '../../../functions/handlers/api/schemas/index.ts';
import type { AuthSettings } from '../config.ts';
import { ROLES } from './labels.ts';

/** What the portal reads of a token: the claims a dev token is issued with, and its expiry. */
export type Claims = DevTokenBody & { exp?: number };

export interface Session {
  token: string;
  claims: Claims;
}

const SESSION_KEY = 'tqa.session';
const PKCE_KEY = 'tqa.pkce';

type Listener = (session: Session | undefined) => void;
const listeners = new Set<Listener>();
let session: Session | undefined = readStored();

function readStored(): Session | undefined {
  try {
    const raw = globalThis.sessionStorage?.getItem(SESSION_KEY);
    if (!raw) return undefined;
    const stored = JSON.parse(raw) as Session;
    if (stored.claims.exp !== undefined && stored.claims.exp * 1000 < Date.now()) return undefined;
    return stored;
  } catch {
    return undefined;
  }
}

function base64UrlDecode(part: string): string {
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The claims of a JWT, read without verifying it (the API verifies; the portal only adapts its menus). */
export function decodeClaims(token: string): Claims {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('令牌格式不正确');
  const raw = JSON.parse(base64UrlDecode(payload)) as Record<string, unknown>;
  const groups = (raw.roles ?? raw['cognito:groups'] ?? []) as unknown[];
  const roles = groups.filter(
    (r): r is Role => typeof r === 'string' && (ROLES as readonly string[]).includes(r),
  );
  return {
    sub: String(raw.sub ?? ''),
    roles,
    ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
    ...(typeof raw.organizationCode === 'string' ? { organizationCode: raw.organizationCode } : {}),
    ...(typeof raw.jurisdiction === 'string' ? { jurisdiction: raw.jurisdiction } : {}),
    ...(typeof raw.exp === 'number' ? { exp: raw.exp } : {}),
  };
}

export const currentSession = (): Session | undefined => session;

export function setToken(token: string | undefined): void {
  session = token ? { token, claims: decodeClaims(token) } : undefined;
  try {
    if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Private browsing without storage: the session lasts as long as the page.
  }
  for (const listener of listeners) listener(session);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const callbackUri = (settings: { redirectUri?: string }): string =>
  settings.redirectUri ?? `${location.origin}/auth/callback`;

function randomString(bytes = 32): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return btoa(String.fromCharCode(...new Uint8Array(digest)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Sends the browser to the identity provider (cognito or broker modes). */
export async function beginSignIn(settings: AuthSettings): Promise<void> {
  if (settings.mode === 'local') return;
  const state = randomString(16);
  const returnTo = location.pathname + location.search;
  if (settings.mode === 'cognito') {
    const verifier = randomString(48);
    sessionStorage.setItem(PKCE_KEY, JSON.stringify({ state, verifier, returnTo }));
    const url = new URL('/oauth2/authorize', settings.domain);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: settings.clientId,
      redirect_uri: callbackUri(settings),
      scope: (settings.scopes ?? ['openid', 'profile', 'email']).join(' '),
      state,
      code_challenge: await pkceChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    location.assign(url.toString());
    return;
  }
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ state, returnTo }));
  const url = new URL(settings.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', callbackUri(settings));
  url.searchParams.set('state', state);
  location.assign(url.toString());
}

/**
 * Finishes a redirect sign-in on `/auth/callback`: checks `state`, trades the code for a token and
 * returns the path to go back to.
 */
export async function completeSignIn(settings: AuthSettings, apiBase: string): Promise<string> {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? '{}') as {
    state?: string;
    verifier?: string;
    returnTo?: string;
  };
  sessionStorage.removeItem(PKCE_KEY);
  if (params.get('error'))
    throw new Error(`登录未完成：${params.get('error_description') ?? params.get('error')}`);
  if (!pending.state || params.get('state') !== pending.state)
    throw new Error('登录状态校验失败，请重新登录');
  const code = params.get('code') ?? params.get('ticket');
  if (!code) throw new Error('登录回调缺少授权码');
  let token: string | undefined;
  if (settings.mode === 'cognito') {
    const response = await fetch(new URL('/oauth2/token', settings.domain), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: settings.clientId,
        code,
        redirect_uri: callbackUri(settings),
        code_verifier: pending.verifier ?? '',
      }),
    });
    if (!response.ok) throw new Error('换取登录令牌失败，请重新登录');
    token = ((await response.json()) as { id_token?: string }).id_token;
  } else if (settings.mode === 'broker') {
    const response = await fetch(`${apiBase}${settings.exchangePath ?? '/v1/auth/exchange'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, redirectUri: callbackUri(settings) }),
    });
    if (!response.ok) throw new Error('统一身份认证平台登录失败，请重新登录');
    const body = (await response.json()) as { token?: string; id_token?: string; access_token?: string };
    token = body.token ?? body.id_token ?? body.access_token;
  }
  if (!token) throw new Error('登录服务没有返回令牌');
  setToken(token);
  return pending.returnTo ?? '/';
}

/** Signs out here and, for Cognito, at the hosted UI too. */
export function signOut(settings: AuthSettings): void {
  setToken(undefined);
  if (settings.mode === 'cognito') {
    const url = new URL('/logout', settings.domain);
    url.searchParams.set('client_id', settings.clientId);
    url.searchParams.set('logout_uri', `${location.origin}/`);
    location.assign(url.toString());
  }
}
