/** Routes of the working calendar (API.md `GET/PUT /v1/calendar/{year}`, DESIGN.md §2 "Working days"). */

import type { Deps } from '../../ports/deps.ts';
import { routeBuilder } from '../../shared/route.ts';
import { earlierCalendarYear, getCalendarYear } from '../../use-cases/get-calendar-year.ts';
import { putCalendarYear } from '../../use-cases/put-calendar-year.ts';
import { routeGroupHandler } from '../lambda.ts';
import { liveCalendarSeed, liveDeps } from '../live-deps.ts';
import { liveIdempotency, liveStore } from '../live-dynamodb.ts';
import { CalendarParams, CalendarYearSchema, PutCalendarBody } from './schemas/calendar.ts';

const defineRoute = routeBuilder<Deps>();
const tags = ['calendar'];

export const calendarRoutes = [
  defineRoute(
    {
      method: 'GET',
      path: '/v1/calendar/{year}',
      roles: 'signed-in',
      params: CalendarParams,
      summary: '查看年度工作日历 Get a calendar year',
      description:
        '来自工作人员维护的日历表；表中没有的年份取 chinese-days 初始数据（origin: seed）；都没有时返回 404。',
      tags,
      responses: { 200: { description: '年度工作日历 (the year)', schema: CalendarYearSchema } },
    },
    async ({ params, actor, deps }) => getCalendarYear(deps, actor, params),
  ),
  defineRoute(
    {
      method: 'PUT',
      path: '/v1/calendar/{year}',
      roles: ['staff'],
      params: CalendarParams,
      body: PutCalendarBody,
      idempotent: true,
      summary: '维护年度工作日历 Enter a calendar year',
      description: '按国务院办公厅当年部分节假日安排的通知录入放假日和调休上班日；已开启的公示期不受影响。',
      tags,
      responses: { 200: { description: '年度工作日历 (the year)', schema: CalendarYearSchema } },
    },
    async ({ params, body, actor, deps }) => putCalendarYear(deps, actor, { year: params.year, ...body }),
    async ({ params, deps }) => earlierCalendarYear(deps, params.year),
  ),
];

/** The adapters this function builds on AWS: its uses in infra/aws/function-catalog.ts. */
export const live = liveDeps(liveStore, liveCalendarSeed, liveIdempotency);

/** The Lambda function of this route group (one per file on AWS). */
export const handler = routeGroupHandler(calendarRoutes, live);
