/**
 * Every route of the HTTP API (API.md), in one list: the local gateway binds it, the OpenAPI
 * document is generated from it, and the CDK stack maps each route group to its Lambda function.
 */
import type { Deps } from '../../ports/deps.ts';
import type { RouteDefinition } from '../../shared/route.ts';
import { afterAwardRoutes } from './after-award.ts';
import { applicationsRoutes } from './applications.ts';
import { awardsRoutes } from './awards.ts';
import { calendarRoutes } from './calendar.ts';
import { callsRoutes } from './calls.ts';
import { documentsRoutes } from './documents.ts';
import { notificationsRoutes } from './notifications.ts';
import { publicityRoutes } from './publicity.ts';
import { reviewRoutes } from './review.ts';
import { roundsRoutes } from './rounds.ts';
import { rubricsRoutes } from './rubrics.ts';
import { systemRoutes } from './system.ts';

/** Route groups by the Lambda function that serves them on AWS (one function per group). */
export const ROUTE_GROUPS = {
  rounds: roundsRoutes,
  applications: applicationsRoutes,
  review: reviewRoutes,
  publicity: publicityRoutes,
  awards: awardsRoutes,
  calendar: calendarRoutes,
  rubrics: rubricsRoutes,
  notifications: notificationsRoutes,
  system: systemRoutes,
  documents: documentsRoutes,
  'after-award': afterAwardRoutes,
  calls: callsRoutes,
} as const satisfies Record<string, readonly RouteDefinition<Deps>[] | readonly RouteDefinition<never>[]>;

export type RouteGroup = keyof typeof ROUTE_GROUPS;

export const apiRoutes: readonly RouteDefinition<Deps>[] = Object.values(
  ROUTE_GROUPS,
).flat() as RouteDefinition<Deps>[];
