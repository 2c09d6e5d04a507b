/**
 * CloudWatch metrics as Embedded Metric Format log lines: Lambda ships stdout to CloudWatch Logs,
 * which extracts the metric, so a function needs no PutMetricData permission and no SDK client
 * (and it works the same in the China partition). Written with `console.log`, not the logger: an
 * EMF document must be the whole line, `_aws` at its top level.
 */

/** The namespace of the platform's own metrics; the alarms (platform-alarms.ts) read it. */
export const METRICS_NAMESPACE = 'TaiyuanQualityAward';

/** One EMF line with `values` as Count metrics, under the given dimensions, at `at`. */
export function emfLine(
  at: Date,
  dimensions: Record<string, string>,
  values: Record<string, number>,
): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [Object.keys(dimensions)],
          Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    ...dimensions,
    ...values,
  });
}
