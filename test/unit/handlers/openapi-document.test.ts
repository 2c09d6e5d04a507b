/**
 * The OpenAPI document is generated at build time (`npm run generate:openapi`) and committed; the
 * system function and the local gateway serve the file. This fails when a route or a schema has
 * changed since the file was generated.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateOpenApiDocument,
  OPENAPI_DOCUMENT_PATH,
} from '../../../functions/handlers/api/openapi-document.ts';
import { apiRoutes } from '../../../functions/handlers/api/routes.ts';
import { systemRoutes } from '../../../functions/handlers/api/system.ts';
import { REPO_ROOT } from '../../../infra/aws/constructs/platform-function.ts';

const committed = () => JSON.parse(readFileSync(resolve(REPO_ROOT, OPENAPI_DOCUMENT_PATH), 'utf8'));

describe('the generated OpenAPI document', () => {
  it('is what the routes generate today (else run npm run generate:openapi)', () => {
    // Act
    const generated = JSON.parse(JSON.stringify(generateOpenApiDocument()));

    // Assess
    expect(committed()).toEqual(generated);
  });

  it('documents every served route and the local-mode ones', () => {
    // Act
    const document = committed();
    const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );

    // Assess
    const served = apiRoutes.map((route) => `${route.method} ${route.path.replace(/\{(\w+)\+\}/g, '{$1}')}`);
    expect(documented.sort()).toEqual(
      [
        ...served,
        'POST /v1/dev/tokens',
        'GET /v1/dev/clock',
        'POST /v1/dev/clock',
        'GET /v1/dev/outbox',
      ].sort(),
    );
  });

  it('is what GET /v1/openapi.json answers', async () => {
    // Prepare
    const route = systemRoutes.find((r) => r.routeKey === 'GET /v1/openapi.json');

    // Act
    const served = await route?.handler({} as never);

    // Assess
    expect(served).toEqual(committed());
  });
});
