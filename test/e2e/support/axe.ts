/**
 * axe-core in the page under test, for the WCAG 2.0 and 2.1 success criteria of levels A and AA
 * (the level GB/T 37668-2019 and WCAG 2.1 AA ask of a government site).
 */
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const AXE_SCRIPT = join(resolve(import.meta.dirname, '../../..'), 'node_modules', 'axe-core', 'axe.min.js');
export const WCAG_A_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** What axe reports of one rule broken on a page, cut to what a failure message needs. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

interface AxeResults {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** Runs axe on the page as it is now and returns every violation, whatever its impact. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  const results = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (c: Document, o: unknown) => Promise<AxeResults> } }).axe.run(
        document,
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
      ),
    WCAG_A_AA,
  );
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    targets: v.nodes.map((n) => n.target.map(String).join(' ')),
  }));
}

/** The serious and critical violations, one line each: where, which rule, and the elements. */
export function seriousViolations(where: string, violations: Violation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}, ${v.help}) at ${v.targets.join(' | ')}`);
}
