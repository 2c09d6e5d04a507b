/**
 * A rubric (GET /v1/rubrics/{category}) as a scoring form: one whole-number input per item with its
 * maximum, a running total per group and overall. Used for the applicant's self-evaluation and the
 * reviewer's score sheet.
 */

import type { Rubric } from '../../../functions/handlers/api/schemas/index.ts';
import { errorIdFor, messagesFor, type PlacedFindings } from '../lib/findings.ts';

export type ScoreDraft = Record<string, string>;

/** Entered values as numbers; empty inputs are left out. */
export function scoresOf(draft: ScoreDraft): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [itemId, raw] of Object.entries(draft)) if (raw.trim() !== '') out[itemId] = Number(raw);
  return out;
}

/** Client-side findings with the server's paths: whole points from 0 to the item's maximum. */
export function checkScores(
  rubric: Rubric,
  draft: ScoreDraft,
  pathPrefix: string,
  requireAll: boolean,
): { path: string; code: string; message: string }[] {
  const findings = [];
  for (const item of rubric.items) {
    const raw = draft[item.itemId]?.trim() ?? '';
    const path = `${pathPrefix}${item.itemId}`;
    if (raw === '') {
      if (requireAll)
        findings.push({
          path,
          code: 'SCORE_OUT_OF_RANGE',
          message: `未评分，应为 0 至 ${item.maxPoints} 之间的整数`,
        });
      continue;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > item.maxPoints)
      findings.push({ path, code: 'SCORE_OUT_OF_RANGE', message: `应为 0 至 ${item.maxPoints} 之间的整数` });
  }
  return findings;
}

export function RubricForm(props: {
  rubric: Rubric;
  value: ScoreDraft;
  onChange: (next: ScoreDraft) => void;
  /** Prefix of the API path of an item's value, e.g. `items.` (score sheet) or `selfEvaluation.items.`. */
  pathPrefix: string;
  findings?: PlacedFindings;
  disabled?: boolean;
  legend: string;
}) {
  const { rubric, value, onChange, pathPrefix, findings, disabled } = props;
  const groups = [...new Set(rubric.items.map((i) => i.group))];
  const points = scoresOf(value);
  const sum = (ids: string[]) =>
    ids.reduce((s, id) => s + (Number.isFinite(points[id]) ? (points[id] as number) : 0), 0);
  const total = sum(rubric.items.map((i) => i.itemId));
  return (
    <fieldset className="rubric" disabled={disabled}>
      <legend>{props.legend}</legend>
      {rubric.title ? (
        <p className="muted">
          {rubric.title}（版本 {rubric.version}，满分 {rubric.maxPoints} 分）
        </p>
      ) : null}
      {groups.map((group) => {
        const items = rubric.items.filter((i) => i.group === group);
        const groupMax = items.reduce((s, i) => s + i.maxPoints, 0);
        return (
          <div className="rubric-group" key={group}>
            <h3>
              {group}
              <span className="subtotal">
                小计 {sum(items.map((i) => i.itemId))} / {groupMax}
              </span>
            </h3>
            {items.map((item) => {
              const path = `${pathPrefix}${item.itemId}`;
              const messages = findings ? messagesFor(findings, path) : [];
              const inputId = `score-${item.itemId.replace(/\W/g, '-')}`;
              return (
                <div className={`rubric-item ${messages.length > 0 ? 'has-error' : ''}`} key={item.itemId}>
                  <label htmlFor={inputId}>
                    <span className="mono">{item.itemId}</span> {item.title}
                  </label>
                  <span className="rubric-input">
                    <input
                      id={inputId}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={item.maxPoints}
                      step={1}
                      value={value[item.itemId] ?? ''}
                      aria-invalid={messages.length > 0 || undefined}
                      aria-describedby={messages.length > 0 ? errorIdFor(path) : undefined}
                      onChange={(e) => onChange({ ...value, [item.itemId]: e.target.value })}
                    />
                    <span className="max">/ {item.maxPoints}</span>
                  </span>
                  {messages.length > 0 ? (
                    <ul className="field-errors" id={errorIdFor(path)}>
                      {messages.map((m) => (
                        <li key={m}>{m}</li>
                      ))}
                    </ul>
                  ) : null}
                </div>
              );
            })}
          </div>
        );
      })}
      <p className="rubric-total" aria-live="polite">
        合计：<strong>{total}</strong> / {rubric.maxPoints} 分
      </p>
    </fieldset>
  );
}
