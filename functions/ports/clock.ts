/** Time is a dependency (STYLE.md 8): nothing reads the wall clock outside a Clock adapter. */
export interface Clock {
  now(): Date;
}
