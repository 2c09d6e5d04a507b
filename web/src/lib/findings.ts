/**
 * The `errors` of a problem+json answer (and the `vetting.findings` of a draft) placed next to the
 * form fields they are about. The server writes paths like `organization.creditCode`,
 * `members[1].idNumber` or `declarations.noBadCreditRecord` (functions/shared/validation.ts).
 */

import type { ProblemFieldError } from '../../../functions/handlers/api/schemas/index.ts';

/** One entry of a problem's `errors` (or of a draft's `vetting.findings`). */
export type FieldFinding = ProblemFieldError;

/** `members.1.idNumber` and `members[1].idNumber` are one path; the bracket form is canonical. */
export function normalizePath(path: string): string {
  return path
    .trim()
    .replace(/^body\./, '')
    .replace(/\.(\d+)(?=\.|$)/g, '[$1]')
    .replace(/^(\d+)(?=\.|$)/, '[$1]');
}

export interface PlacedFindings {
  /** Findings of a field the form shows, by canonical path. */
  byPath: Map<string, FieldFinding[]>;
  /** Findings about no shown field (the whole application, a ban, the round): shown above the form. */
  general: FieldFinding[];
}

/**
 * Sorts findings to the fields a form shows. A finding about a parent (`members`) of shown fields
 * stays general; one about a shown field goes next to it.
 */
export function placeFindings(
  findings: readonly FieldFinding[],
  shownPaths: Iterable<string>,
): PlacedFindings {
  const shown = new Set([...shownPaths].map(normalizePath));
  const byPath = new Map<string, FieldFinding[]>();
  const general: FieldFinding[] = [];
  for (const finding of findings) {
    const path = normalizePath(finding.path ?? '');
    if (path !== '' && shown.has(path)) {
      const list = byPath.get(path) ?? [];
      list.push({ ...finding, path });
      byPath.set(path, list);
    } else {
      general.push({ ...finding, path });
    }
  }
  return { byPath, general };
}

/** The messages for one field, with the article when the server cited one. */
export function messagesFor(placed: PlacedFindings, path: string): string[] {
  return (placed.byPath.get(normalizePath(path)) ?? []).map((f) =>
    f.article ? `${f.message}（${f.article}）` : f.message,
  );
}

/** A DOM id for the error text of a field, so the input can point at it with aria-describedby. */
export const errorIdFor = (path: string): string =>
  `err-${normalizePath(path).replace(/[^A-Za-z0-9_-]+/g, '-')}`;
