import type { GqlContext } from '../graphql/context';
import { byKeys } from '../graphql/loaders';
import { CatalogueService } from './catalogue.service';
import { Party } from './party.entity';
import { RegionalCentre } from './regional-centre.entity';
import { ThematicModule } from './thematic-module.entity';

/** Request-scoped batch loads of reference data, for any resolver that points at a Party, centre or module. */
export function loadParty(ctx: GqlContext, catalogue: CatalogueService, code: string): Promise<Party | null> {
  return ctx.loaders
    .get<string, Party | null>('catalogue.party', async (codes) =>
      byKeys(codes, await catalogue.partiesByCodes(codes), (p) => p.code),
    )
    .load(code);
}

export function loadCentre(ctx: GqlContext, catalogue: CatalogueService, id: string): Promise<RegionalCentre | null> {
  return ctx.loaders
    .get<string, RegionalCentre | null>('catalogue.centre', async (ids) =>
      byKeys(ids, await catalogue.centresByIds(ids), (c) => c.id),
    )
    .load(id);
}

export function loadModule(ctx: GqlContext, catalogue: CatalogueService, id: string): Promise<ThematicModule | null> {
  return ctx.loaders
    .get<string, ThematicModule | null>('catalogue.module', async (ids) =>
      byKeys(ids, await catalogue.modulesByIds(ids), (m) => m.id),
    )
    .load(id);
}
