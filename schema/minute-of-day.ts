/** Minutes after local midnight; "24:00" is accepted as an end so a period can run to midnight. Zod-free: the workflow imports it. */
export function minuteOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
