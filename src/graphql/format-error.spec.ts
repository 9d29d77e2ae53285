import { GraphQLError } from 'graphql';
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { badInput, conflict } from '@lib/common';
import { formatGraphQLError } from './format-error';

const wrap = (original: Error) => new GraphQLError(original.message, { path: ['x'], originalError: original });
const formatted = (e: GraphQLError) => formatGraphQLError(e.toJSON(), e);

describe('formatGraphQLError', () => {
  it('keeps domain codes with their reason and field', () => {
    expect(formatted(wrap(conflict('NOT_IN_REGION', 'not in region'))).extensions).toEqual({ code: 'CONFLICT', reason: 'NOT_IN_REGION' });
    expect(formatted(wrap(badInput('capacity', 'too small'))).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'capacity' });
  });

  it('maps Nest HTTP exceptions to the public codes', () => {
    expect(formatted(wrap(new ForbiddenException())).extensions!.code).toBe('FORBIDDEN');
    expect(formatted(wrap(new BadRequestException('bad'))).extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('masks anything unexpected: no message, no stack, no SQL', () => {
    const sqlError = Object.assign(new Error('relation "app_user" does not exist: SELECT * FROM app_user'), { code: '42P01' });
    const out = formatted(wrap(sqlError));
    expect(out).toEqual({ message: 'Internal server error', path: ['x'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('turns Apollo validation and parse failures into BAD_USER_INPUT', () => {
    const e = new GraphQLError('Cannot query field "x"', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(formatted(e).extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});
