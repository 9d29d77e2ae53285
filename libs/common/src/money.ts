/** Money is kept in integer cents; the API speaks USD as numbers with at most two decimals. */
export function usdToCents(usd: number): number {
  if (!Number.isFinite(usd)) throw new RangeError('amount must be a finite number');
  const cents = Math.round(usd * 100);
  if (Math.abs(usd * 100 - cents) > 1e-6) throw new RangeError('amount has more than two decimals');
  if (!Number.isSafeInteger(cents)) throw new RangeError('amount is too large');
  return cents;
}

export function centsToUsd(cents: number | string | null | undefined): number | null {
  if (cents === null || cents === undefined) return null;
  return Number(cents) / 100;
}
