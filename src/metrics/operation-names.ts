/** The one label every operation outside the admitted set shares: unnamed, unknown or over the limit. */
export const OTHER_OPERATION = 'other';

/** Longest operation name kept as a label; a longer one is `other` (GraphQL puts no limit on names). */
const MAX_NAME_LENGTH = 100;

/**
 * Which GraphQL operation names become metric labels, so that a client cannot grow the label set (and Prometheus's
 * memory) by sending new names. Admitted: the names of the schema's own root fields (`enrol`, `sessions`: bounded by
 * the schema), and the first `limit` other distinct names of operations that parsed and validated. Anything else,
 * and any unnamed operation, is `other`. The set only grows, up to `limit` plus the root fields, for the life of
 * the process.
 */
export class OperationNames {
  private readonly known = new Set<string>();
  private readonly admitted = new Set<string>();

  constructor(private readonly limit: number) {}

  /** The schema's root fields, admitted whatever the limit (called again when the schema is rebuilt). */
  know(names: Iterable<string>): void {
    for (const name of names) this.known.add(name);
  }

  labelOf(name: string | null | undefined): string {
    if (!name || name.length > MAX_NAME_LENGTH) return OTHER_OPERATION;
    if (this.known.has(name) || this.admitted.has(name)) return name;
    if (this.admitted.size >= this.limit) return OTHER_OPERATION;
    this.admitted.add(name);
    return name;
  }
}
