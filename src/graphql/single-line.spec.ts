import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { IsOptional, MaxLength } from 'class-validator';
import { DomainError } from '@lib/common';
import { normaliseSingleLine, SingleLine, SingleLinePipe, singleLineProblem } from './single-line';

class Named {
  @SingleLine()
  @MaxLength(20)
  name: string;

  @IsOptional()
  @SingleLine()
  nickname?: string | null;

  @IsOptional()
  @SingleLine({ each: true })
  options?: string[];
}

const pipe = new ValidationPipe({ transform: true, whitelist: true, exceptionFactory: (errors) => errors });
const validate = (value: object) => pipe.transform(value, { type: 'body', metatype: Named });

/** The first failure's field and message, or the transformed object. */
async function outcome(value: object): Promise<{ field: string; message: string } | Named> {
  try {
    return await validate(value);
  } catch (errors) {
    const [first] = errors as { property: string; constraints?: Record<string, string> }[];
    return { field: first.property, message: Object.values(first.constraints ?? {})[0] };
  }
}

describe('single-line text', () => {
  it('stores NFC text without the spaces at either end, inner runs as typed', () => {
    expect(normaliseSingleLine('  Awa  Ndiaye ')).toBe('Awa  Ndiaye');
    expect(normaliseSingleLine('Ame\u0301lie')).toBe('Amélie'); // e + combining acute → é
    expect(normaliseSingleLine('\u00a0\u3000Genève\u202f')).toBe('Genève'); // no-break, ideographic, narrow no-break
    expect(normaliseSingleLine('Sommet\u00a0: Genève')).toBe('Sommet\u00a0: Genève');
  });

  it('refuses empty text, line breaks, controls, bidi controls and zero-width characters', () => {
    expect(singleLineProblem('')).toMatch(/empty/);
    for (const [text, what] of [
      ['a\nb', /line breaks/],
      ['a\tb', /control/],
      ['a\u0085b', /control/],
      ['a\u2028b', /U\+2028/],
      ['a\u2029b', /U\+2029/],
      ['\u202egnp.exe', /bidirectional/],
      ['a\u2066b\u2069', /bidirectional/],
      ['A\u200bwa', /zero-width/],
      ['A\u200dwa', /zero-width/],
      ['A\u2060wa', /zero-width/],
      ['\ufeffAwa', /zero-width/],
    ] as const) {
      expect([text, singleLineProblem(text)]).toEqual([text, expect.stringMatching(what)]);
    }
    for (const ok of ['Awa Ndiaye', 'محمد عبد الله', '王秀英', 'Ольга Иванова', '👩🏽🎓', 'NIP – update & review']) {
      expect(singleLineProblem(ok)).toBeNull();
    }
  });

  it('marks input-type fields: normalised before validation, refused naming the field', async () => {
    expect(await outcome({ name: '  Awa  Ndiaye ', options: [' yes ', 'no'] })).toEqual(
      expect.objectContaining({ name: 'Awa  Ndiaye', options: ['yes', 'no'] }),
    );
    expect(await outcome({ name: '     ' })).toEqual({
      field: 'name',
      message: 'name must not be empty or only spaces',
    });
    expect(await outcome({ name: '\u3000\u00a0' })).toEqual({
      field: 'name',
      message: 'name must not be empty or only spaces',
    });
    expect(await outcome({ name: 'Awa', nickname: 'x\u2028y' })).toEqual({
      field: 'nickname',
      message: 'nickname must not contain line or paragraph separators (U+2028, U+2029)',
    });
    expect(await outcome({ name: 'Awa', options: ['yes', '\u200b'] })).toEqual({
      field: 'options',
      message: expect.stringMatching(/^options must not contain zero-width/),
    });
    // Trimmed first, then measured: 20 characters between spaces fit.
    expect(await outcome({ name: ` ${'a'.repeat(20)} ` })).toEqual(expect.objectContaining({ name: 'a'.repeat(20) }));
    expect(await outcome({ name: 'Awa', nickname: null })).toEqual(expect.objectContaining({ nickname: null }));
  });

  it('marks plain arguments through the pipe, naming the argument', () => {
    const reason = new SingleLinePipe();
    const meta = { type: 'custom' as const, data: 'reason' };
    expect(reason.transform('  Venue closed ', meta)).toBe('Venue closed');
    expect(reason.transform(null, meta)).toBeNull();
    for (const bad of ['   ', 'a\u202eb', 'two\nlines', '\u200b']) {
      let error: unknown;
      try {
        reason.transform(bad, meta);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('BAD_USER_INPUT');
      expect((error as DomainError).details.field).toBe('reason');
    }
  });
});
