import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../graphql/context';
import { PartyStatus, UnRegion } from './catalogue.enums';
import { loadParty } from './catalogue.loaders';
import { CatalogueService } from './catalogue.service';
import { Party } from './party.entity';
import { RegionalCentre } from './regional-centre.entity';
import { ThematicModule } from './thematic-module.entity';

@Resolver(() => RegionalCentre)
export class CatalogueResolver {
  constructor(private readonly catalogue: CatalogueService) {}

  @Query(() => [Party])
  parties(
    @Args('region', { type: () => UnRegion, nullable: true }) region?: UnRegion,
    @Args('status', { type: () => PartyStatus, nullable: true }) status?: PartyStatus,
  ): Promise<Party[]> {
    return this.catalogue.listParties({ region, status });
  }

  @Query(() => [RegionalCentre])
  regionalCentres(): Promise<RegionalCentre[]> {
    return this.catalogue.listCentres();
  }

  @Query(() => [ThematicModule])
  thematicModules(): Promise<ThematicModule[]> {
    return this.catalogue.listModules();
  }

  @ResolveField(() => Party)
  async country(@Parent() centre: RegionalCentre, @Context() ctx: GqlContext): Promise<Party> {
    return (await loadParty(ctx, this.catalogue, centre.countryCode))!;
  }
}
