import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { useSession } from '../../app/session';
import { StatusBadge } from '../../ui/ui';

/** Scheduled and started (attendance may be recorded until it is completed). */
export const isUnderWay = (s: { status: string; startsAt: string }, now = Date.now()): boolean =>
  s.status === 'SCHEDULED' && new Date(s.startsAt).getTime() <= now;

/** The session's status as a badge; a scheduled session that has started says "In progress". */
export function SessionStatusBadge({ session }: { session: { status: string; startsAt: string } }) {
  return <StatusBadge status={isUnderWay(session) ? 'IN_PROGRESS' : session.status} />;
}

const WritableModulesDocument = graphql(`
  query TrainerModules {
    thematicModules {
      id
      code
      title
      trainers {
        id
      }
    }
  }
`);

export interface ModuleRef {
  id: string;
  code: string;
  title: string;
}

/**
 * The modules the viewer may write materials and assessments for: those the Secretariat assigned them to (a module's
 * `trainers`), every module for the Secretariat (auth/policies.ts mayAuthorModule).
 */
export function useWritableModules(): {
  modules: ModuleRef[];
  fetching: boolean;
  error: ReturnType<typeof useQuery>[0]['error'];
} {
  const { viewer, hasRole } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: WritableModulesDocument });
  const all = data?.thematicModules ?? [];
  const modules = hasRole('SECRETARIAT') ? all : all.filter((m) => m.trainers.some((u) => u.id === viewer?.id));
  return { modules: modules.map(({ id, code, title }) => ({ id, code, title })), fetching: fetching && !data, error };
}
