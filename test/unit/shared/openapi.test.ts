import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApi, defaultOperationId } from '../../../functions/shared/openapi.ts';
import { defineRoute } from '../../../functions/shared/route.ts';

/** The parts of an operation object the assertions read. */
interface Operation {
  operationId: string;
  summary: string;
  description: string;
  parameters: unknown[];
  requestBody: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content: Record<string, { schema: unknown }> }>;
}

const Round = z
  .object({ roundId: z.string(), title: z.string(), stage: z.enum(['call-open', 'qualification']) })
  .meta({ id: 'Round' });

const routes = [
  defineRoute(
    {
      method: 'POST',
      path: '/v1/rounds',
      roles: ['staff'],
      body: z.object({ title: z.string().min(1).describe('届次名称'), ordinal: z.number().int().optional() }),
      idempotent: true,
      successStatus: 201,
      summary: '创建评选届次 Create a round',
      responses: { 201: { description: '新建的届次', schema: Round } },
      errors: ['RULEBOOK_NOT_IN_FORCE'],
    },
    async () => ({ roundId: 'r1', title: '第一届', stage: 'call-open' as const }),
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/rounds/{roundId}/applications',
      roles: ['staff', 'recommender'],
      params: z.object({ roundId: z.string().min(1) }),
      query: z.object({
        status: z.enum(['draft', 'submitted']).optional(),
        limit: z.coerce.number().int().max(100),
      }),
      summary: '申报列表 List applications',
    },
    async () => ({}),
  ),
  defineRoute(
    {
      method: 'GET',
      path: '/v1/rounds/{roundId}',
      roles: 'signed-in',
      summary: '查看届次 Get a round',
      responses: { 200: { description: '届次', schema: Round } },
    },
    async () => ({ roundId: 'r1', title: '第一届', stage: 'call-open' as const }),
  ),
  defineRoute(
    { method: 'GET', path: '/v1/public/notices', roles: 'public', summary: '公示列表 Notices' },
    async () => [],
  ),
];

describe('buildOpenApi', () => {
  it('documents paths, methods, bodies, parameters and shared schemas', () => {
    // Act
    const document = buildOpenApi(routes);

    // Assess
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/v1/public/notices',
      '/v1/rounds',
      '/v1/rounds/{roundId}',
      '/v1/rounds/{roundId}/applications',
    ]);
    const create = document.paths['/v1/rounds']?.post as unknown as Operation;
    expect(create.operationId).toBe('postRounds');
    expect(create.summary).toBe('创建评选届次 Create a round');
    expect(create.requestBody.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['title'],
      properties: {
        title: { type: 'string', minLength: 1, description: '届次名称' },
        ordinal: { type: 'integer' },
      },
    });
    expect(create.responses['201']?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/Round',
    });
    expect(document.components.schemas.Round).toMatchObject({
      type: 'object',
      properties: { stage: { enum: ['call-open', 'qualification'] } },
    });
    expect(create.parameters).toEqual([
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    ]);

    const list = document.paths['/v1/rounds/{roundId}/applications']?.get as unknown as Operation;
    expect(list.parameters).toEqual([
      { name: 'roundId', in: 'path', required: true, schema: { type: 'string', minLength: 1 } },
      {
        name: 'status',
        in: 'query',
        required: false,
        schema: { type: 'string', enum: ['draft', 'submitted'] },
      },
      expect.objectContaining({ name: 'limit', in: 'query', required: true }),
    ]);
    expect(list.description).toContain('评选办工作人员 (staff)、推荐单位 (recommender)');
  });

  it('declares bearer JWT security except on public routes', () => {
    // Act
    const document = buildOpenApi(routes);

    // Assess
    expect(document.components.securitySchemes).toEqual({
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
    expect(document.paths['/v1/rounds']?.post?.security).toEqual([{ bearerAuth: [] }]);
    expect(document.paths['/v1/public/notices']?.get?.security).toEqual([]);
  });

  it('documents the problem+json errors each route can answer with', () => {
    // Act
    const document = buildOpenApi(routes);
    const create = document.paths['/v1/rounds']?.post as unknown as Operation;
    const notices = document.paths['/v1/public/notices']?.get as unknown as Operation;

    // Assess
    expect(Object.keys(create.responses)).toEqual(['201', '400', '401', '403', '409', '413', '422', '500']);
    expect(create.responses['422']?.description).toBe(
      'IDEMPOTENCY_CONFLICT: 幂等键已用于不同的请求; RULEBOOK_NOT_IN_FORCE: 评选办法不在有效期内',
    );
    expect(create.responses['400']?.content['application/problem+json']?.schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(Object.keys(notices.responses)).toEqual(['200', '500']);
    expect(document.components.schemas.Problem).toMatchObject({
      required: ['type', 'title', 'status', 'code', 'detail', 'errors'],
    });
  });

  it('moves recursive schemas into components with valid references', () => {
    // Prepare
    interface Node {
      name: string;
      children: Node[];
    }
    const Tree: z.ZodType<Node> = z.lazy(() => z.object({ name: z.string(), children: z.array(Tree) }));
    const route = defineRoute(
      { method: 'PUT', path: '/v1/trees/{treeId}', roles: 'signed-in', body: Tree, summary: '树 Tree' },
      async () => ({}),
    );

    // Act
    const document = buildOpenApi([route]);

    // Assess
    const text = JSON.stringify(document);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] as string);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas).toHaveProperty(ref.replace('#/components/schemas/', ''));
    }
    expect(text).not.toContain('$defs');
  });

  it('derives operation ids from method and path', () => {
    // Act / Assess
    expect(defaultOperationId('POST', '/v1/applications/{id}/evidence/{evidenceId}/complete')).toBe(
      'postApplicationsByIdEvidenceByEvidenceIdComplete',
    );
    expect(defaultOperationId('GET', '/v1/openapi.json')).toBe('getOpenapiJson');
  });
});
