import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider, useQuery, type Client } from 'urql';
import { graphql } from '../gql';
import type { ViewerQuery } from '../gql/graphql';
import { chooseLanguage, fromApiLanguage } from '../i18n/i18n';
import { createClient, tokenStore } from './client';

export const ViewerDocument = graphql(`
  query Viewer {
    me {
      id
      fullName
      email
      roles
      language
      timeZone
      gender
      party {
        code
        name
        region
        status
      }
      regionalCentre {
        id
        name
      }
    }
  }
`);

export type Viewer = NonNullable<ViewerQuery['me']>;
export type Role = Viewer['roles'][number];

interface SessionValue {
  viewer: Viewer | null;
  /** True until the first answer to `me` (only when a token is kept). */
  loading: boolean;
  signIn(accessToken: string, language?: string): void;
  signOut(): void;
  hasRole(...roles: Role[]): boolean;
  refresh(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * The client of the first page view, made before React renders, so that the first page's data can be asked for while
 * the interface's words are still loading (on a 400 ms line that is one round trip less before anything is shown).
 */
export const bootClient: { client: Client; onUnauthenticated: () => void } = {
  client: createClient(() => bootClient.onUnauthenticated()),
  onUnauthenticated: () => {
    tokenStore.clear();
    window.location.reload();
  },
};

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/**
 * The signed-in person and the GraphQL client that speaks for them. Signing in or out makes a new client, so no
 * answer cached for one person is ever shown to the next on a shared computer.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [generation, setGeneration] = useState(0);
  const signOut = useCallback(() => {
    tokenStore.clear();
    setGeneration((g) => g + 1);
  }, []);
  // generation: a new client (and an empty cache) at every sign-in and sign-out; the first is the one main.tsx
  // started the first page's queries with.
  const client = useMemo(() => (generation === 0 ? bootClient.client : createClient(signOut)), [generation, signOut]);
  useEffect(() => {
    bootClient.onUnauthenticated = signOut;
  }, [signOut]);
  const signIn = useCallback((accessToken: string, language?: string) => {
    tokenStore.set(accessToken);
    if (language) void chooseLanguage(fromApiLanguage(language));
    setGeneration((g) => g + 1);
  }, []);
  return (
    <Provider value={client}>
      <ViewerLoader signIn={signIn} signOut={signOut}>
        {children}
      </ViewerLoader>
    </Provider>
  );
}

function ViewerLoader({
  children,
  signIn,
  signOut,
}: {
  children: ReactNode;
  signIn: SessionValue['signIn'];
  signOut: () => void;
}) {
  const hasToken = tokenStore.get() !== null;
  const [{ data, fetching }, reexecute] = useQuery({ query: ViewerDocument, pause: !hasToken });
  const viewer = hasToken ? (data?.me ?? null) : null;
  // A token the API no longer knows (me answers null): forget it.
  useEffect(() => {
    if (hasToken && data && !data.me) signOut();
  }, [hasToken, data, signOut]);
  const value = useMemo<SessionValue>(
    () => ({
      viewer,
      loading: hasToken && fetching && !data,
      signIn,
      signOut,
      hasRole: (...roles) => !!viewer && roles.some((r) => viewer.roles.includes(r)),
      refresh: () => reexecute({ requestPolicy: 'network-only' }),
    }),
    [viewer, hasToken, fetching, data, signIn, signOut, reexecute],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
