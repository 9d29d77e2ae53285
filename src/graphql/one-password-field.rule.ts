import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/**
 * The extensions of a mutation that hashes or verifies a password (`@Extensions(HASHES_PASSWORD)` on its resolver):
 * argon2 costs 64 MiB and a sizeable fraction of a second of a core, which is what sign-up and sign-in are priced for.
 */
export const HASHES_PASSWORD = { hashesPassword: true } as const;

/**
 * A validation rule: a request holds at most one field that hashes a password, however aliased, repeated through
 * fragments or spread over operations. Five aliased `register` fields made five accounts in one request, and a
 * hundred aliased `login` fields would be a hundred guesses for the price of one rate-limit check. Refused as a whole
 * before anything runs (BAD_USER_INPUT, like every other validation error).
 */
export function onePasswordFieldPerRequest(context: ValidationContext): ASTVisitor {
  const found: string[] = [];
  return {
    Field(node) {
      if (!context.getFieldDef()?.extensions?.hashesPassword) return;
      found.push(node.alias ? `${node.alias.value}: ${node.name.value}` : node.name.value);
    },
    Document: {
      leave() {
        if (found.length > 1) {
          context.reportError(
            new GraphQLError(
              `At most one field that checks or sets a password per request; found ${found.length}: ${found.join(', ')}`,
            ),
          );
        }
      },
    },
  };
}
