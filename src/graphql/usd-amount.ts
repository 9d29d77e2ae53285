import { ValidateBy, type ValidationOptions } from 'class-validator';
import { usdToCents } from '@lib/common';

/**
 * An amount of US dollars as the API takes it: a finite number with at most two decimals that the platform can keep
 * in integer cents (`usdToCents`). class-validator's `IsNumber({ maxDecimalPlaces })` reads the decimals from the
 * number's text and throws on exponent notation (-3e-323 has no '.'), which answered INTERNAL_SERVER_ERROR.
 */
export function UsdAmount(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: 'usdAmount',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && usdCents(value) !== null,
        defaultMessage: (args) =>
          `${args?.property ?? 'amount'} must be a number of US dollars with at most two decimals`,
      },
    },
    options,
  );
}

function usdCents(value: number): number | null {
  try {
    return usdToCents(value);
  } catch {
    return null;
  }
}
