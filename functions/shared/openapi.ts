/**
 * The OpenAPI 3.1 document, generated from the route definitions and their zod schemas (STYLE.md
 * principle 3: schemas are the single source). Served by `GET /v1/openapi.json`:
 * `defineRoute({ method: 'GET', path: '/v1/openapi.json', roles: 'public', … }, async () => buildOpenApi(routes))`.
 *
 * Schemas given an id with `.meta({ id: 'Round' })` become `components.schemas.Round` and are
 * referenced; the others are inlined.
 */
import * as z from 'zod';
import { ROLE_NAMES_ZH } from './auth.ts';
import { statusFor, TITLE_BY_CODE } from './http-errors.ts';
import { type HttpMethod, pathParameterNames, type RouteDefinition, routesTable } from './route.ts';

type JsonSchema = Record<string, unknown>;
const JSON_CONTENT_TYPE = 'application/json';

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  jsonSchemaDialect: string;
  servers?: { url: string; description?: string }[];
  tags: { name: string }[];
  paths: Record<string, Partial<Record<Lowercase<HttpMethod>, JsonSchema>>>;
  components: {
    securitySchemes: Record<string, JsonSchema>;
    schemas: Record<string, JsonSchema>;
  };
}

export interface OpenApiOptions {
  title?: string;
  version?: string;
  description?: string;
  servers?: { url: string; description?: string }[];
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; title, detail and messages are in Chinese.',
  required: ['type', 'title', 'status', 'code', 'detail', 'errors'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      examples: ['https://taiyuan-quality-award/problems/validation-failed'],
    },
    title: { type: 'string', examples: ['请求内容不符合要求'] },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    code: { type: 'string', description: 'Stable error code (API.md), e.g. VALIDATION_FAILED.' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'code', 'message'],
        properties: {
          path: { type: 'string', examples: ['members[1].idNumber'] },
          code: { type: 'string' },
          message: { type: 'string' },
          article: { type: 'string', description: 'The article of the Measures behind a rule.' },
        },
      },
    },
  },
};

/** Replaces `$ref`s everywhere in a JSON value. */
function rewriteRefs(value: unknown, rewrite: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, rewrite));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === '$ref' && typeof item === 'string' ? rewrite(item) : rewriteRefs(item, rewrite),
    ]),
  );
}

/**
 * zod → JSON Schema 2020-12 (what OpenAPI 3.1 uses), with its `$defs` moved to
 * `components.schemas` (named by their id, or `<name>_<n>` for unnamed recursive parts).
 */
function schemaFor(
  schema: z.ZodType,
  io: 'input' | 'output',
  components: Record<string, JsonSchema>,
  name: string,
) {
  const {
    $schema: _dialect,
    $defs,
    ...root
  } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  const defs = ($defs ?? {}) as Record<string, JsonSchema>;
  const componentName = (def: string) =>
    def.startsWith('__schema') ? `${name}_${def.replace('__schema', '')}` : def;
  let rootIsReferenced = false;
  const rewrite = (ref: string): string => {
    if (ref === '#') {
      rootIsReferenced = true;
      return `#/components/schemas/${name}`;
    }
    const match = /^#\/\$defs\/(.+)$/.exec(ref);
    return match?.[1] ? `#/components/schemas/${componentName(match[1])}` : ref;
  };
  for (const [def, body] of Object.entries(defs)) {
    components[componentName(def)] = rewriteRefs(body, rewrite) as JsonSchema;
  }
  const rewritten = rewriteRefs(root, rewrite) as JsonSchema;
  if (!rootIsReferenced) return rewritten;
  components[name] = rewritten;
  return { $ref: `#/components/schemas/${name}` };
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** `POST /v1/rounds/{roundId}/call-extension` → `postRoundsByRoundIdCallExtension`. */
export function defaultOperationId(method: HttpMethod, path: string): string {
  const words = path
    .split('/')
    .filter((segment) => segment !== '' && segment !== 'v1')
    .flatMap((segment) => {
      const param = /^\{(.+?)\+?\}$/.exec(segment);
      return param?.[1] ? ['by', param[1]] : segment.split(/[^A-Za-z0-9]+/);
    })
    .filter((word) => word !== '');
  return method.toLowerCase() + words.map(capitalize).join('');
}

const accessDescription = (roles: RouteDefinition['roles']): string => {
  if (roles === 'public') return '公开，无需登录 (public)';
  if (roles === 'signed-in') return '任何已登录用户 (any signed-in user)';
  return `仅限 (roles): ${roles.map((role) => `${ROLE_NAMES_ZH[role]} (${role})`).join('、')}`;
};

/** The problem codes a route can answer with, grouped by status: the stack's own plus the route's `errors`. */
function errorCodesByStatus(route: RouteDefinition): Map<number, string[]> {
  const codes: string[] = [];
  if (route.body || route.query || route.params || route.idempotent) codes.push('VALIDATION_FAILED');
  if (route.roles !== 'public') codes.push('UNAUTHENTICATED');
  if (Array.isArray(route.roles)) codes.push('FORBIDDEN');
  if (pathParameterNames(route.path).length > 0) codes.push('NOT_FOUND');
  if (route.body) codes.push('PAYLOAD_TOO_LARGE');
  if (route.idempotent) codes.push('IDEMPOTENCY_CONFLICT', 'VERSION_CONFLICT');
  codes.push(...(route.errors ?? []));
  const byStatus = new Map<number, string[]>();
  for (const code of new Set(codes)) {
    const status = statusFor(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  byStatus.set(500, ['INTERNAL_ERROR']);
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

const problemResponseDoc = (codes: string[]) => ({
  description: codes
    .map((code) => `${code}: ${(TITLE_BY_CODE as Record<string, string>)[code] ?? '服务器内部错误'}`)
    .join('; '),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function parametersFor(
  route: RouteDefinition,
  components: Record<string, JsonSchema>,
  operationId: string,
): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  const pathSchema = route.params
    ? (schemaFor(route.params, 'input', components, `${operationId}Params`) as JsonSchema)
    : undefined;
  const pathProps = (pathSchema?.properties ?? {}) as Record<string, JsonSchema>;
  for (const name of pathParameterNames(route.path)) {
    parameters.push({ name, in: 'path', required: true, schema: pathProps[name] ?? { type: 'string' } });
  }
  if (route.query) {
    const querySchema = schemaFor(route.query, 'input', components, `${operationId}Query`) as JsonSchema;
    const required = new Set((querySchema.required ?? []) as string[]);
    for (const [name, schema] of Object.entries(
      (querySchema.properties ?? {}) as Record<string, JsonSchema>,
    )) {
      parameters.push({
        name,
        in: 'query',
        required: required.has(name),
        schema,
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      });
    }
  }
  if (route.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        '幂等键：相同的键和请求返回首次的响应且不重复创建；相同的键用于不同请求返回 422 IDEMPOTENCY_CONFLICT。 ' +
        'The same key and request replay the first response (header idempotency-replayed: true).',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  return parameters;
}

function operationFor(route: RouteDefinition, components: Record<string, JsonSchema>): JsonSchema {
  const operationId = route.operationId ?? defaultOperationId(route.method, route.path);
  const segment = route.path.split('/').filter((part) => part !== '' && part !== 'v1')[0] ?? 'default';
  const successes = Object.entries(route.responses ?? {}).filter(
    (entry): entry is [string, NonNullable<(typeof entry)[1]>] => entry[1] !== undefined,
  );
  const responses: Record<string, JsonSchema> = {};
  if (successes.length === 0) responses[String(route.successStatus ?? 200)] = { description: '成功 (OK)' };
  for (const [status, doc] of successes) {
    responses[status] = {
      description: doc.description,
      ...(doc.schema
        ? {
            content: {
              [JSON_CONTENT_TYPE]: {
                schema: schemaFor(doc.schema, 'output', components, `${operationId}Response${status}`),
              },
            },
          }
        : {}),
    };
  }
  for (const [status, codes] of errorCodesByStatus(route))
    responses[String(status)] = problemResponseDoc(codes);

  const parameters = parametersFor(route, components, operationId);
  return {
    operationId,
    summary: route.summary,
    description: [route.description, accessDescription(route.roles)].filter(Boolean).join('\n\n'),
    tags: route.tags ?? [segment],
    security: route.roles === 'public' ? [] : [{ bearerAuth: [] }],
    'x-roles': route.roles,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              [JSON_CONTENT_TYPE]: {
                schema: schemaFor(route.body, 'input', components, `${operationId}Body`),
              },
            },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of `routes` (bearer JWT security, problem+json errors). */
export function buildOpenApi(
  routes: readonly RouteDefinition<never>[],
  options: OpenApiOptions = {},
): OpenApiDocument {
  const components: Record<string, JsonSchema> = { Problem: PROBLEM_SCHEMA };
  const paths: OpenApiDocument['paths'] = {};
  const tags = new Set<string>();
  for (const { route } of routesTable(routes as readonly RouteDefinition[])) {
    const path = route.path.replace(/\{(\w+)\+\}/g, '{$1}');
    const operation = operationFor(route, components);
    for (const tag of operation.tags as string[]) tags.add(tag);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? '太原市政府质量奖评审平台 API (Taiyuan City Government Quality Award)',
      version: options.version ?? '1.0.0',
      ...(options.description ? { description: options.description } : {}),
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    ...(options.servers ? { servers: options.servers } : {}),
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: components,
    },
  };
}
