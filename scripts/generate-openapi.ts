/**
 * `npm run generate:openapi`: writes the OpenAPI document (functions/handlers/api/openapi.json)
 * from the route definitions, formatted as Biome formats JSON. Run it after changing a route or a
 * schema; test/unit/handlers/openapi-document.test.ts fails until the file is regenerated.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  generateOpenApiDocument,
  OPENAPI_DOCUMENT_PATH,
} from '../functions/handlers/api/openapi-document.ts';

const root = resolve(import.meta.dirname, '..');
writeFileSync(
  resolve(root, OPENAPI_DOCUMENT_PATH),
  `${JSON.stringify(generateOpenApiDocument(), null, 2)}\n`,
);
execFileSync(resolve(root, 'node_modules/.bin/biome'), ['format', '--write', OPENAPI_DOCUMENT_PATH], {
  cwd: root,
  stdio: 'inherit',
});
console.log(`wrote ${OPENAPI_DOCUMENT_PATH}`);
