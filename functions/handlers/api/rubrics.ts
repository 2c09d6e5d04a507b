/** `GET /v1/rubrics/{category}`: the scoring rubric (Art. 17: versioned data, fixed per round). */

import { rubricFor } from '../../domain/rubrics.ts';
import type { Deps } from '../../ports/deps.ts';
import { routeBuilder } from '../../shared/route.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveDeps } from '../live-deps.ts';
import { RubricParams, RubricQuery, RubricSchema } from './schemas/rounds.ts';

const defineRoute = routeBuilder<Deps>();

export const rubricsRoutes = [
  defineRoute(
    {
      method: 'GET',
      path: '/v1/rubrics/{category}',
      roles: 'signed-in',
      params: RubricParams,
      query: RubricQuery,
      summary: '评分细则 Get the scoring rubric',
      description: '缺省为当前版本；?version= 指定历史版本，不存在时返回 404。',
      tags: ['rubrics'],
      responses: { 200: { description: '评分细则 (the rubric)', schema: RubricSchema } },
    },
    async ({ params, query }) => {
      const rubric = rubricFor(params.category, query.version);
      return {
        version: rubric.version,
        category: rubric.category,
        title: rubric.title,
        basis: rubric.basis,
        maxPoints: rubric.maxPoints,
        items: rubric.items.map((item) => ({
          itemId: item.itemId,
          title: item.title,
          maxPoints: item.maxPoints,
          group: item.group,
        })),
      };
    },
  ),
];

/** The adapters this function builds on AWS: none, the rubrics are data in the bundle (no catalog uses). */
export const live = liveDeps();

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(rubricsRoutes, live);
