import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  lambdaArnValues,
  placeholdersOf,
  ROUND_FLOW_PLACEHOLDERS,
  substitute,
} from '../../functions/adapters/sfn/definitions.ts';
import { ROUND_STAGES } from '../../functions/domain/model.ts';
import { CALL_CLOSE_WAIT, parseWait, stageWait } from '../../functions/use-cases/workflow/waits.ts';

type Validator = (definition: object) => { isValid: boolean; errorsText: (separator?: string) => string };
const validate = createRequire(import.meta.url)('asl-validator') as Validator;

type State = Record<string, unknown> & { Type: string };
interface Definition {
  StartAt: string;
  States: Record<string, State>;
}
interface Retrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
  IntervalSeconds?: number;
  BackoffRate?: number;
  JitterStrategy?: string;
}
interface Catcher {
  ErrorEquals: string[];
  Next: string;
}

const DIRECTORY = new URL('../../statemachines/', import.meta.url);
/** Every definition and the placeholders its deployment provides (the CDK stack passes the same names). */
const PLACEHOLDERS: Record<string, Record<string, string>> = {
  'round-flow.asl.json': ROUND_FLOW_PLACEHOLDERS,
};
const files = readdirSync(DIRECTORY).filter((name) => name.endsWith('.asl.json'));
const raw = (file: string): string => readFileSync(new URL(file, DIRECTORY), 'utf8');
const valuesFor = (partition: string): Record<string, string> => ({
  ...lambdaArnValues({
    partition,
    region: partition === 'aws-cn' ? 'cn-northwest-1' : 'us-east-1',
    account: '123456789012',
  }),
});
const load = (file: string): Definition => JSON.parse(substitute(raw(file), valuesFor('aws'))) as Definition;

const isCallback = (state: State): boolean =>
  state.Type === 'Task' && String(state.Resource).endsWith('.waitForTaskToken');
const catchersOf = (state: State): Catcher[] => (state.Catch as Catcher[] | undefined) ?? [];
const retriersOf = (state: State): Retrier[] => (state.Retry as Retrier[] | undefined) ?? [];

describe('state machine definitions', () => {
  it('finds the round flow among the definitions', () => {
    // Assess
    expect(files).toContain('round-flow.asl.json');
  });

  describe.each(files)('%s', (file) => {
    it('is valid JSON before substitution (Biome and editors read it) and has no literal partition', () => {
      // Act
      const text = raw(file);

      // Assess
      expect(() => JSON.parse(text)).not.toThrow();
      expect(text).not.toMatch(/arn:aws(-cn)?:/);
      expect(text).not.toMatch(/amazonaws\.com/);
    });

    it('uses exactly the placeholders its deployment provides', () => {
      // Prepare
      const provided = Object.keys(PLACEHOLDERS[file] ?? {}).sort();

      // Act
      const used = placeholdersOf(raw(file));

      // Assess
      expect(used).toEqual(provided);
    });

    it.each(['aws', 'aws-cn'])('is valid ASL once substituted for the %s partition', (partition) => {
      // Act
      const definition = JSON.parse(substitute(raw(file), valuesFor(partition))) as object;
      const result = validate(definition);

      // Assess
      expect(result.errorsText('\n')).toBe('');
      expect(result.isValid).toBe(true);
    });

    it('refuses to substitute when a placeholder has no value', () => {
      // Prepare
      const { Partition: _partition, ...incomplete } = valuesFor('aws');

      // Act / Assess
      expect(() => substitute(raw(file), incomplete)).toThrow(/Partition/);
    });

    it('uses JSONPath only: no JSONata, no Assign (the local engine runs the same file)', () => {
      // Prepare
      const keys = new Set<string>();
      const strings: string[] = [];
      const walk = (value: unknown): void => {
        if (typeof value === 'string') strings.push(value);
        else if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') {
          for (const [key, item] of Object.entries(value)) {
            keys.add(key);
            walk(item);
          }
        }
      };

      // Act
      walk(load(file));

      // Assess
      for (const key of ['QueryLanguage', 'Assign', 'Arguments', 'Output'])
        expect(keys.has(key), key).toBe(false);
      expect(strings.filter((text) => text.trim().startsWith('{%'))).toEqual([]);
    });

    it('gives every callback task a TimeoutSeconds and a States.Timeout Catch', () => {
      // Prepare
      const callbacks = Object.entries(load(file).States).filter(([, state]) => isCallback(state));

      // Assess
      expect(callbacks.length).toBeGreaterThan(0);
      for (const [name, state] of callbacks) {
        expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
        expect(Number.isInteger(state.TimeoutSeconds), name).toBe(true);
        expect(
          catchersOf(state).some((c) => c.ErrorEquals.includes('States.Timeout')),
          name,
        ).toBe(true);
      }
    });

    it('gives every task a jittered backoff Retry and a catch-all Catch', () => {
      // Prepare
      const tasks = Object.entries(load(file).States).filter(([, state]) => state.Type === 'Task');

      // Assess
      for (const [name, state] of tasks) {
        const retrying = retriersOf(state).filter((r) => (r.MaxAttempts ?? 3) > 0);
        expect(retrying.length, name).toBeGreaterThan(0);
        for (const retrier of retrying) {
          expect(retrier.JitterStrategy, name).toBe('FULL');
          expect(retrier.BackoffRate, name).toBe(2);
          expect(retrier.IntervalSeconds, name).toBeGreaterThan(0);
          expect(retrier.MaxAttempts, name).toBeGreaterThanOrEqual(3);
          expect(retrier.MaxAttempts, name).toBeLessThanOrEqual(4);
        }
        expect(
          retrying.some((r) => r.ErrorEquals.includes('Lambda.ServiceException')),
          name,
        ).toBe(true);
        expect(
          catchersOf(state).some((c) => c.ErrorEquals.includes('States.ALL')),
          name,
        ).toBe(true);
      }
    });
  });
});

describe('round flow', () => {
  const definition = load('round-flow.asl.json');
  const states = definition.States;
  const choicesOf = (name: string) =>
    (states[name]?.Choices as { StringEquals?: string; Next: string }[] | undefined) ?? [];

  it('starts at the router, which resumes every round stage', () => {
    // Act
    const routed = choicesOf('Router').map((c) => c.StringEquals);

    // Assess
    expect(definition.StartAt).toBe('Router');
    expect([...routed].sort()).toEqual([...ROUND_STAGES].sort());
  });

  it('waits for names the token registration understands', () => {
    // Prepare
    const literal = Object.values(states)
      .filter(isCallback)
      .map((state) => (state.Parameters as { Payload: { waitFor?: string } }).Payload.waitFor)
      .filter((name): name is string => name !== undefined);

    // Act / Assess
    expect(literal).toEqual(
      expect.arrayContaining([
        CALL_CLOSE_WAIT,
        stageWait('qualification'),
        stageWait('decision'),
        stageWait('approval'),
      ]),
    );
    for (const name of literal) expect(() => parseWait(name)).not.toThrow();
  });

  it('routes every escalation back to the state that raised it', () => {
    // Prepare
    const escalating = Object.keys(states)
      .filter((name) => name.endsWith('Escalate'))
      .map((name) => name.slice(0, -'Escalate'.length));

    // Act
    const resumable = choicesOf('ResumeRouter').map((c) => [c.StringEquals, c.Next]);

    // Assess
    expect(escalating.length).toBeGreaterThan(10);
    expect(resumable).toEqual(escalating.map((name) => [name, name]));
    for (const name of escalating) {
      const escalate = states[`${name}Escalate`]!;
      expect(escalate.Next).toBe('RecordEscalation');
      expect((escalate.Parameters as { resumeState: string }).resumeState).toBe(name);
      expect(catchersOf(states[name]!).every((c) => c.Next === `${name}Escalate`)).toBe(true);
    }
  });
});
