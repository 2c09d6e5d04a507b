/**
 * The shape of every round-flow task's Lambda entry point: parse the payload the state machine
 * sends (zod), run one use case, return its JSON result. Errors are not caught: a DomainError's
 * `name` is its code (VERSION_CONFLICT, CALENDAR_NOT_AVAILABLE …), which Step Functions reports as
 * the error the ASL's Retry and Catch match.
 */
import type { z } from 'zod';
import type { Deps } from '../../ports/deps.ts';
import { logger } from '../../shared/logger.ts';
import { parseWithFindings, validationError } from '../../shared/validation.ts';

/** A task handler: the state machine's payload in, the use case's result out. */
export type TaskHandler<R> = (event: unknown) => Promise<R>;

/** Builds a task handler from its payload schema and its use case. */
export function taskHandler<S extends z.ZodType, R>(
  name: string,
  schema: S,
  run: (deps: Deps, input: z.output<S>) => Promise<R>,
): (deps: Deps) => TaskHandler<R> {
  return (deps) => async (event) => {
    const parsed = await parseWithFindings(schema, event);
    if (!parsed.ok) throw validationError(parsed.findings);
    try {
      return await run(deps, parsed.value);
    } catch (error) {
      logger.warn(`round flow task ${name} failed`, { error: error as Error });
      throw error;
    }
  };
}
