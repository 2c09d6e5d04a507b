/**
 * Imported first by bench/run.ts: the platform's handlers log every request at INFO, which would
 * bury the benchmarks' tables. Set POWERTOOLS_LOG_LEVEL yourself to see them.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
