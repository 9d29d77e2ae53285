/**
 * Date fields (yyyy-mm-dd, as <input type="date"> gives them) as instants for the API's from/to filters, in the
 * viewer's browser zone: a day the reader picks is their own day.
 */

/** The first instant of that day. */
export const dayStart = (day: string | null | undefined): string | undefined =>
  day ? new Date(`${day}T00:00:00`).toISOString() : undefined;

/** The first instant of the day after: an exclusive bound that keeps the chosen day in. */
export const dayAfter = (day: string | null | undefined): string | undefined => {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString();
};

/** The last millisecond of that day: for an inclusive bound ("starting at or before"). */
export const dayEnd = (day: string | null | undefined): string | undefined =>
  day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
