import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';

const TOKEN_KEY = 'pops-lms.token';

/** The bearer token of the signed-in person, kept on this device until they sign out or it stops working. */
export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

/**
 * One GraphQL client for the whole application: the API at /graphql of the same origin is its only way to the data.
 * `onUnauthenticated` runs when the API refuses the token (expired, account disabled): the app signs out.
 */
export function createClient(onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    exchanges: [
      mapExchange({
        // A query refused for want of a valid token: the token expired or the account was disabled. (A mutation's
        // UNAUTHENTICATED is an answer to the form, e.g. a wrong current password, and stays with the form.)
        onError(error, operation) {
          const refused = error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
          if (refused && operation.kind === 'query' && tokenStore.get()) onUnauthenticated();
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
    preferGetMethod: false,
    requestPolicy: 'cache-first',
    fetchOptions: (): RequestInit => {
      const token = tokenStore.get();
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      return { headers };
    },
  });
}
