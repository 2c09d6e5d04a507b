/**
 * Cognito pre-token-generation trigger (event version 2, global partition): puts the caller's
 * `roles` into both the ID and the access token, so the API reads one claim whatever the token
 * (functions/shared/auth.ts). Roles are the user's groups among the platform's roles; a user in
 * none of them registered themselves and is an `applicant` (DESIGN.md §1). The custom attributes
 * staff set (organization code, a recommender's jurisdiction) are copied too: access tokens do
 * not carry user attributes by themselves.
 */
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

const PLATFORM_ROLES = new Set(['applicant', 'recommender', 'staff', 'reviewer', 'leader', 'supervisor']);

/** The roles a user's groups give; `applicant` when they give none. */
export function rolesForGroups(groups: readonly string[] | undefined): string[] {
  const roles = [...new Set((groups ?? []).filter((group) => PLATFORM_ROLES.has(group)))];
  return roles.length > 0 ? roles : ['applicant'];
}

/** The claims added to both tokens (strings: Cognito's claim values). */
export function claimsFor(event: PreTokenGenerationV2TriggerEvent): Record<string, string> {
  const attributes = event.request.userAttributes;
  const claims: Record<string, string> = {
    roles: rolesForGroups(event.request.groupConfiguration.groupsToOverride).join(' '),
  };
  const name = attributes.name;
  const organizationCode = attributes['custom:organizationCode'];
  const jurisdiction = attributes['custom:jurisdiction'];
  if (name) claims.name = name;
  if (organizationCode) claims.organizationCode = organizationCode;
  if (jurisdiction) claims.jurisdiction = jurisdiction;
  return claims;
}

export const handler = async (
  event: PreTokenGenerationV2TriggerEvent,
): Promise<PreTokenGenerationV2TriggerEvent> => {
  const claims = claimsFor(event);
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: claims },
      accessTokenGeneration: { claimsToAddOrOverride: claims },
    },
  };
  return event;
};
