import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { badInput } from '@lib/common';

/**
 * Single-line text: names, titles, a venue, a reason, a donor, a budget component. What a person reads on one line
 * (a certificate's holder, an e-mail's subject, a table cell) must look like what is stored, so such a field holds
 * no characters that are invisible or that move or break the text around them. Multi-line fields (descriptions,
 * question prompts, comments) are not single-line and keep their line breaks.
 */
const REFUSED: [RegExp, string][] = [
  // Tabs, line feeds, carriage returns, NEL and every other C0/C1 control.
  [/\p{Cc}/u, 'control characters or line breaks'],
  [/[\u2028\u2029]/u, 'line or paragraph separators (U+2028, U+2029)'],
  // Overrides and isolates reorder what follows them on the line ("\u202egnp.exe" reads as "exe.png").
  [/[\u202a-\u202e\u2066-\u2069]/u, 'bidirectional controls (U+202A–U+202E, U+2066–U+2069)'],
  // Invisible: two names that print alike would differ.
  [/[\u200b-\u200d\u2060\ufeff]/u, 'zero-width characters (U+200B–U+200D, U+2060, U+FEFF)'],
];

/** Spaces at either end (any Unicode space separator: no-break, ideographic…); inner runs stay as typed. */
const EDGE_SPACES = /^\p{Zs}+|\p{Zs}+$/gu;

/** NFC, without the spaces at either end: how a single-line field is stored. */
export function normaliseSingleLine(text: string): string {
  return text.normalize('NFC').replace(EDGE_SPACES, '');
}

/** What is wrong with a normalised single-line value, as the end of a sentence naming the field; null when nothing. */
export function singleLineProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be text';
  for (const [pattern, what] of REFUSED) if (pattern.test(value)) return `must not contain ${what}`;
  if (value.length === 0) return 'must not be empty or only spaces';
  return null;
}

const normalised = (value: unknown) => (typeof value === 'string' ? normaliseSingleLine(value) : value);

/**
 * Marks a field of an input type as single-line text: trimmed and NFC-normalised before validation, then refused
 * (BAD_USER_INPUT naming the field) when empty or holding a line break, a control, a bidi control or a zero-width
 * character. `{ each: true }` for a list of such texts.
 */
export function SingleLine(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }) => (options.each && Array.isArray(value) ? value.map(normalised) : normalised(value)))(
      target,
      propertyName,
    );
    registerDecorator({
      name: 'singleLine',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => singleLineProblem(value) === null,
        defaultMessage: (args: ValidationArguments) => {
          const values: unknown[] = options.each && Array.isArray(args.value) ? args.value : [args.value];
          const problem = values.map(singleLineProblem).find((p) => p !== null) ?? 'must be single-line text';
          return `${args.property} ${problem}`;
        },
      },
    });
  };
}

/**
 * The same for a plain argument (`@Args('reason', SingleLinePipe)`): the resolver gets the normalised text, or the
 * request is refused with BAD_USER_INPUT naming the argument. A null (optional argument left out) passes through.
 */
@Injectable()
export class SingleLinePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (value === null || value === undefined) return value;
    const text = normalised(value);
    const problem = singleLineProblem(text);
    const field = metadata.data ?? 'input';
    if (problem) throw badInput(field, `${field} ${problem}`);
    return text;
  }
}
