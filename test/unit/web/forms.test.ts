import { describe, expect, it } from 'vitest';
import { ApiError, problemErrors } from '../../../web/src/lib/api.ts';
import { placeFindings } from '../../../web/src/lib/findings.ts';
import { bindField } from '../../../web/src/lib/forms.ts';

describe('problemErrors', () => {
  it('gives the errors of a problem+json answer and none for anything else thrown', () => {
    // Prepare
    const finding = { path: 'title', code: 'VALIDATION_FAILED', message: '此项为必填项' };
    const problem = new ApiError({
      title: '请求参数无效',
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [finding],
    });
    const bare = new ApiError({ title: '未找到', status: 404, code: 'NOT_FOUND' });

    // Act
    const listed = [problem, bare, new TypeError('Failed to fetch'), undefined].map(problemErrors);

    // Assess
    expect(listed).toEqual([[finding], [], [], []]);
  });
});

describe('bindField', () => {
  it('binds a field to its value, its change handler and the findings placed at its path', () => {
    // Prepare
    const placed = placeFindings(
      [{ path: 'members.0.name', code: 'VALIDATION_FAILED', message: '此项为必填项' }],
      ['members[0].name'],
    );
    const changes: string[] = [];

    // Act
    const props = bindField(placed, 'members[0].name', '李工', (value) => changes.push(value));
    props.onChange({ target: { value: '李工程师' } });

    // Assess
    expect(props).toMatchObject({ path: 'members[0].name', findings: placed, value: '李工' });
    expect(props.findings?.byPath.get('members[0].name')?.[0]?.message).toBe('此项为必填项');
    expect(changes).toEqual(['李工程师']);
  });
});
