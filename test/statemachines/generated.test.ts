/**
 * statemachines/round-flow.asl.json is generated from statemachines/round-flow.ts: the committed
 * file must be what the description gives now, and the description must agree with the domain and
 * the waits module on what each wait is and who ends it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROUND_FLOW_DEFINITION_PATH } from '../../functions/adapters/sfn/definitions.ts';
import { ROUND_STAGES } from '../../functions/domain/model.ts';
import { roundTransitionFrom } from '../../functions/domain/stages.ts';
import { parseWait, waitResumedBy } from '../../functions/use-cases/workflow/waits.ts';
import { GENERATE_COMMAND, generateRoundFlowAsl } from '../../scripts/generate-asl.ts';
import { defineFlow, toAsl } from '../../statemachines/flow.ts';
import { ROUND_FLOW, ROUND_FLOW_TASK_LABELS } from '../../statemachines/round-flow.ts';

const committed = readFileSync(new URL(`../../${ROUND_FLOW_DEFINITION_PATH}`, import.meta.url), 'utf8');
type State = Record<string, unknown> & { Type: string };
const states = JSON.parse(committed).States as Record<string, State>;

describe('the generated round flow', () => {
  it('is what its description generates now', () => {
    // Act
    const fresh = generateRoundFlowAsl();

    // Assess
    expect(
      committed === fresh,
      `${ROUND_FLOW_DEFINITION_PATH} is stale: run \`${GENERATE_COMMAND}\` and commit the result`,
    ).toBe(true);
  });

  it('gives every wait and task the same Retry, and every one of them an escalation', () => {
    // Prepare
    const tasks = Object.entries(states).filter(([, state]) => state.Type === 'Task');
    const described = Object.entries(ROUND_FLOW.steps)
      .filter(([, step]) => 'wait' in step || 'task' in step)
      .map(([name]) => name);

    // Assess
    expect(new Set(tasks.map(([, state]) => JSON.stringify(state.Retry))).size).toBe(1);
    for (const name of described) {
      expect(states[`${name}Escalate`]?.Next, name).toBe('RecordEscalation');
    }
  });

  it('waits in a stage only where a person moves the round on (staff, or the leader deciding)', () => {
    // Prepare
    const stageWaits = Object.values(ROUND_FLOW.steps).flatMap((step) =>
      'wait' in step && step.wait.kind === 'stage' ? [step.wait] : [],
    );

    // Assess
    expect(stageWaits.length).toBeGreaterThan(0);
    for (const wait of stageWaits) {
      const trigger = roundTransitionFrom(wait.stage)?.trigger;
      const resumer = waitResumedBy(wait);
      expect([resumer, trigger], wait.stage).toEqual(
        resumer === 'leader' ? ['leader', 'system'] : ['staff', 'staff'],
      );
    }
  });

  it('routes every stored stage and names a Chinese label for every task', () => {
    // Assess
    expect(Object.keys(ROUND_FLOW.resumeAt).sort()).toEqual([...ROUND_STAGES].sort());
    for (const [name, step] of Object.entries(ROUND_FLOW.steps)) {
      if ('task' in step) expect(ROUND_FLOW_TASK_LABELS[name], name).toMatch(/\p{Script=Han}/u);
    }
  });

  it('registers only names the waits module reads back', () => {
    // Prepare
    const literal = Object.values(states)
      .map((state) => (state.Parameters as { Payload?: { waitFor?: string } } | undefined)?.Payload?.waitFor)
      .filter((name): name is string => name !== undefined);

    // Assess
    expect(literal.length).toBeGreaterThan(5);
    for (const name of literal) expect(() => parseWait(name)).not.toThrow();
  });

  it('refuses a description with a transition to nowhere or a step nothing reaches', () => {
    // Prepare
    const broken = (steps: Record<string, unknown>) =>
      defineFlow({ ...ROUND_FLOW, steps: { ...ROUND_FLOW.steps, ...steps } } as typeof ROUND_FLOW);

    // Act / Assess
    expect(() => toAsl(broken({ Done: { choose: [], otherwise: 'Nowhere' } }))).toThrow(
      /"Nowhere", which is no state/,
    );
    expect(() => toAsl(broken({ Orphan: { succeed: 'never' } }))).toThrow(/no transition reaches Orphan/);
  });
});
