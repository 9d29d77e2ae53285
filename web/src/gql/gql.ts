/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query PendingNominationsCount {\n    partyEnrolments(status: PENDING_ENDORSEMENT, first: 1) {\n      totalCount\n    }\n  }\n": typeof types.PendingNominationsCountDocument,
    "\n  query Viewer {\n    me {\n      id\n      fullName\n      email\n      roles\n      language\n      timeZone\n      gender\n      party {\n        code\n        name\n        region\n        status\n      }\n      regionalCentre {\n        id\n        name\n      }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query CatalogueModules {\n    thematicModules {\n      id\n      code\n      title\n    }\n  }\n": typeof types.CatalogueModulesDocument,
    "\n  query Catalogue(\n    $first: Int!\n    $after: String\n    $kind: SessionKind\n    $moduleCode: String\n    $region: UnRegion\n    $from: DateTime\n    $to: DateTime\n  ) {\n    sessions(first: $first, after: $after, kind: $kind, moduleCode: $moduleCode, region: $region, from: $from, to: $to) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          __typename\n          id\n          kind\n          title\n          startsAt\n          endsAt\n          timeZone\n          language\n          status\n          capacity\n          seatsLeft\n          modules {\n            id\n            code\n            title\n          }\n          ... on Workshop {\n            region\n            hostCentre {\n              id\n              name\n              city\n            }\n            prerequisiteModules {\n              id\n              code\n            }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CatalogueDocument,
};
const documents: Documents = {
    "\n  query PendingNominationsCount {\n    partyEnrolments(status: PENDING_ENDORSEMENT, first: 1) {\n      totalCount\n    }\n  }\n": types.PendingNominationsCountDocument,
    "\n  query Viewer {\n    me {\n      id\n      fullName\n      email\n      roles\n      language\n      timeZone\n      gender\n      party {\n        code\n        name\n        region\n        status\n      }\n      regionalCentre {\n        id\n        name\n      }\n    }\n  }\n": types.ViewerDocument,
    "\n  query CatalogueModules {\n    thematicModules {\n      id\n      code\n      title\n    }\n  }\n": types.CatalogueModulesDocument,
    "\n  query Catalogue(\n    $first: Int!\n    $after: String\n    $kind: SessionKind\n    $moduleCode: String\n    $region: UnRegion\n    $from: DateTime\n    $to: DateTime\n  ) {\n    sessions(first: $first, after: $after, kind: $kind, moduleCode: $moduleCode, region: $region, from: $from, to: $to) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          __typename\n          id\n          kind\n          title\n          startsAt\n          endsAt\n          timeZone\n          language\n          status\n          capacity\n          seatsLeft\n          modules {\n            id\n            code\n            title\n          }\n          ... on Workshop {\n            region\n            hostCentre {\n              id\n              name\n              city\n            }\n            prerequisiteModules {\n              id\n              code\n            }\n          }\n        }\n      }\n    }\n  }\n": types.CatalogueDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingNominationsCount {\n    partyEnrolments(status: PENDING_ENDORSEMENT, first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query PendingNominationsCount {\n    partyEnrolments(status: PENDING_ENDORSEMENT, first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    me {\n      id\n      fullName\n      email\n      roles\n      language\n      timeZone\n      gender\n      party {\n        code\n        name\n        region\n        status\n      }\n      regionalCentre {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    me {\n      id\n      fullName\n      email\n      roles\n      language\n      timeZone\n      gender\n      party {\n        code\n        name\n        region\n        status\n      }\n      regionalCentre {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CatalogueModules {\n    thematicModules {\n      id\n      code\n      title\n    }\n  }\n"): (typeof documents)["\n  query CatalogueModules {\n    thematicModules {\n      id\n      code\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Catalogue(\n    $first: Int!\n    $after: String\n    $kind: SessionKind\n    $moduleCode: String\n    $region: UnRegion\n    $from: DateTime\n    $to: DateTime\n  ) {\n    sessions(first: $first, after: $after, kind: $kind, moduleCode: $moduleCode, region: $region, from: $from, to: $to) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          __typename\n          id\n          kind\n          title\n          startsAt\n          endsAt\n          timeZone\n          language\n          status\n          capacity\n          seatsLeft\n          modules {\n            id\n            code\n            title\n          }\n          ... on Workshop {\n            region\n            hostCentre {\n              id\n              name\n              city\n            }\n            prerequisiteModules {\n              id\n              code\n            }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Catalogue(\n    $first: Int!\n    $after: String\n    $kind: SessionKind\n    $moduleCode: String\n    $region: UnRegion\n    $from: DateTime\n    $to: DateTime\n  ) {\n    sessions(first: $first, after: $after, kind: $kind, moduleCode: $moduleCode, region: $region, from: $from, to: $to) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      edges {\n        node {\n          __typename\n          id\n          kind\n          title\n          startsAt\n          endsAt\n          timeZone\n          language\n          status\n          capacity\n          seatsLeft\n          modules {\n            id\n            code\n            title\n          }\n          ... on Workshop {\n            region\n            hostCentre {\n              id\n              name\n              city\n            }\n            prerequisiteModules {\n              id\n              code\n            }\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;