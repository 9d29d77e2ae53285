import { validate } from 'class-validator';
import { UsdAmount } from './usd-amount';

class Priced {
  @UsdAmount({ message: 'plannedCostUsd must have at most two decimals' })
  amount: unknown;
}

const problems = async (amount: unknown) => {
  const subject = Object.assign(new Priced(), { amount });
  return (await validate(subject)).flatMap((e) => Object.values(e.constraints ?? {}));
};

describe('UsdAmount', () => {
  it('takes amounts of whole cents', async () => {
    for (const ok of [0, 1, 93_000, 12.5, 0.01, 1_000_000_000, -0]) expect(await problems(ok)).toEqual([]);
  });

  it('refuses, never throws on, what cannot be kept in cents', async () => {
    // Exponent notation made class-validator's maxDecimalPlaces throw (an INTERNAL_SERVER_ERROR found by the fuzz suite).
    for (const bad of [1e-7, -2.5e-5, 0.001, 12.345, Number.NaN, Infinity, -Infinity, 1e300, '10', null]) {
      expect(await problems(bad)).toEqual(['plannedCostUsd must have at most two decimals']);
    }
  });

  it('counts what is within float noise of whole cents as those cents, as usdToCents does', async () => {
    // Denormals in exponent notation (the fuzz suite's -3e-323) are zero cents; @Min(0) then judges their sign.
    for (const noise of [-3e-323, 5e-324, 0.1 + 0.2]) expect(await problems(noise)).toEqual([]);
  });
});
