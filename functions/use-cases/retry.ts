import { isDomainError } from '../domain/errors.ts';

/**
 * Runs `run` again (reading afresh) when its commit lost a race: another path changed the record
 * since it was read (VERSION_CONFLICT). Any other error, or a conflict on the last attempt, is thrown.
 */
export async function retryOnVersionConflict<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isDomainError(error) || error.code !== 'VERSION_CONFLICT' || attempt >= attempts) throw error;
    }
  }
}
