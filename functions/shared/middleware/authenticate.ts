/**
 * Bearer authentication and the role check of a route that is not public (public routes go
 * without this middleware). The token verifier is injected by the composition (http.ts binds
 * `verifyBearer` to the issuer's key set), so this file holds only the policy: 401 UNAUTHENTICATED
 * from the verifier, 403 FORBIDDEN naming the needed roles.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Actor } from '../../ports/records.ts';
import { requireRole } from '../auth.ts';
import type { Access } from '../route.ts';
import type { HttpMiddleware } from './request.ts';

/** Verifies an `Authorization` header value; throws DomainError UNAUTHENTICATED for a bad token. */
export type TokenVerifier = (authorization: string | undefined) => Promise<Actor>;

export interface AuthenticateOptions {
  /** Who may call: anyone signed in, or holders of one of the roles. */
  access: Exclude<Access, 'public'>;
  verify: TokenVerifier;
  /** Gets the caller's `sub` as a key of every later log line. */
  logger: Logger;
}

export const authenticate = ({ access, verify, logger }: AuthenticateOptions): HttpMiddleware => ({
  name: 'authenticate',
  before: async (request) => {
    const actor = await verify(request.event.headers.authorization);
    if (access !== 'signed-in') requireRole(actor, access);
    request.context = { ...request.context, actor };
    logger.appendKeys({ actor: actor.sub });
  },
});
