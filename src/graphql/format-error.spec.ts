import { GraphQLError } from 'graphql';
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { badInput, conflict } from '@lib/common';
import { formatGraphQLError } from './format-error';

const wrap = (original: Error) => new GraphQLError(original.message, { path: ['x'], originalError: original });
const formatted = (e: GraphQLError) => formatGraphQLError(e.toJSON(), e);

describe('formatGraphQLError', () => {
  it('keeps domain codes with their reason and field', () => {
    expect(formatted(wrap(conflict('NOT_IN_REGION', 'not in region'))).extensions).toEqual({
      code: 'CONFLICT',
      reason: 'NOT_IN_REGION',
    });
    expect(formatted(wrap(badInput('capacity', 'too small'))).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'capacity',
    });
  });

  it('maps Nest HTTP exceptions to the public codes', () => {
    expect(formatted(wrap(new ForbiddenException())).extensions!.code).toBe('FORBIDDEN');
    expect(formatted(wrap(new BadRequestException('bad'))).extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('masks anything unexpected: no message, no stack, no SQL', () => {
    const sqlError = Object.assign(new Error('relation "app_user" does not exist: SELECT * FROM app_user'), {
      code: '42P01',
    });
    const out = formatted(wrap(sqlError));
    expect(out).toEqual({
      message: 'Internal server error',
      path: ['x'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('turns Apollo validation and parse failures into BAD_USER_INPUT', () => {
    const e = new GraphQLError('Cannot query field "x"', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(formatted(e).extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it("words graphql-armor's limits as limits, not as syntax errors; real syntax errors keep the prefix", () => {
    const limit = new GraphQLError('Syntax Error: Query depth limit of 15 exceeded, found 22.', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(formatted(limit).message).toBe('Query depth limit of 15 exceeded, found 22.');
    const syntax = new GraphQLError('Syntax Error: Expected Name, found <EOF>.', {
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
    expect(formatted(syntax).message).toBe('Syntax Error: Expected Name, found <EOF>.');
  });
});
