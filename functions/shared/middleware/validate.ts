/**
 * zod validation of the path parameters, the query and the JSON body (json-body.ts) together: one
 * 400 VALIDATION_FAILED listing every failing field, with Chinese messages (validation.ts). The
 * parsed values go on `request.context.input` for the handler; a part without a schema is passed
 * as it came (the body: not at all).
 */
import type { z } from 'zod';
import type { Finding } from '../../domain/errors.ts';
import { parseWithFindings, validationError } from '../validation.ts';
import type { HttpMiddleware, ParsedInput } from './request.ts';

export interface ValidateOptions {
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
}

export const validate = (schemas: ValidateOptions): HttpMiddleware => ({
  name: 'validate',
  before: async (request) => {
    const { event, internal } = request;
    const input: ParsedInput = {
      params: event.pathParameters ?? {},
      query: event.queryStringParameters ?? {},
      body: undefined,
    };
    const findings: Finding[] = [];
    const parts = [
      ['params', schemas.params, input.params, 'params'],
      ['query', schemas.query, input.query, 'query'],
      ['body', schemas.body, internal.jsonBody, ''],
    ] as const;
    for (const [name, schema, raw, prefix] of parts) {
      if (!schema) continue;
      const result = await parseWithFindings(schema, raw, prefix);
      if (result.ok) input[name] = result.value;
      else if (name === 'body' && raw === undefined)
        findings.push({ path: '', code: 'VALIDATION_FAILED', message: '请求体不能为空' });
      else findings.push(...result.findings);
    }
    if (findings.length > 0) throw validationError(findings);
    request.context = { ...request.context, input };
  },
});
