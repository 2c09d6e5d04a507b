import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseJsonBody } from '../../../../functions/shared/middleware/json-body.ts';
import { httpEvent } from './http-event.ts';

const withBody = (body: string, isBase64Encoded = false) => ({
  ...httpEvent('POST /v1/x', { body }),
  isBase64Encoded,
});

describe('the json-body middleware', () => {
  it('reads an empty or blank body as no body', () => {
    // Act / Assess
    expect(parseJsonBody(withBody(''), 100)).toBeUndefined();
    expect(parseJsonBody(withBody(' \n\t'), 100)).toBeUndefined();
  });

  it('names the limit in KiB or MiB when it is a whole number of them', () => {
    // Prepare
    const body = JSON.stringify({ text: 'x'.repeat(3000) });

    // Act / Assess
    expect(() => parseJsonBody(withBody(body), 2048)).toThrow('请求体超过 2 KiB 的上限');
    expect(() => parseJsonBody(withBody(body), 2000)).toThrow('请求体超过 2000 字节 的上限');
    expect(() => parseJsonBody(withBody('x'.repeat(1024 * 1024 + 1)), 1024 * 1024)).toThrow(
      '请求体超过 1 MiB 的上限',
    );
  });

  it('counts the decoded bytes of a base64 body against the limit', () => {
    // Prepare: 12 bytes of JSON are 16 characters of base64.
    const encoded = Buffer.from('{"a":"1234"}').toString('base64');

    // Act / Assess
    expect(parseJsonBody(withBody(encoded, true), 12)).toEqual({ a: '1234' });
    expect(() => parseJsonBody(withBody(encoded, true), 11)).toThrow('上限');
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more`, () => {
    // Prepare
    const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

    // Act / Assess
    expect(parseJsonBody(withBody(nested(MAX_JSON_DEPTH)), 10_000)).toBeInstanceOf(Array);
    expect(() => parseJsonBody(withBody(nested(MAX_JSON_DEPTH + 1)), 10_000)).toThrow(
      `请求体的嵌套层级超过 ${MAX_JSON_DEPTH} 层`,
    );
  });

  it('keeps 1E-130, the smallest magnitude DynamoDB stores', () => {
    // Act / Assess
    expect(parseJsonBody(withBody('{"w":1e-130,"z":0}'), 100)).toEqual({ w: 1e-130, z: 0 });
    expect(() => parseJsonBody(withBody('{"w":9e-131}'), 100)).toThrow('请求内容有 1 处不符合要求');
  });
});
