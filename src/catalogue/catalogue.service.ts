import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { badInput } from '@lib/common';
import { PartyStatus, UnRegion } from './catalogue.enums';
import { Party } from './party.entity';
import { RegionalCentre } from './regional-centre.entity';
import { ThematicModule } from './thematic-module.entity';

/** Reference data: Parties, regional centres and thematic modules. */
@Injectable()
export class CatalogueService {
  constructor(
    @InjectRepository(Party) private readonly parties: Repository<Party>,
    @InjectRepository(RegionalCentre) private readonly centres: Repository<RegionalCentre>,
    @InjectRepository(ThematicModule) private readonly modules: Repository<ThematicModule>,
  ) {}

  listParties(filter: { region?: UnRegion | null; status?: PartyStatus | null }): Promise<Party[]> {
    const where: Partial<Party> = {};
    if (filter.region) where.region = filter.region;
    if (filter.status) where.status = filter.status;
    return this.parties.find({ where, order: { name: 'ASC' } });
  }

  /** `tx`: read inside the caller's transaction (a transaction must never wait for a second pooled connection). */
  findParty(code: string, tx?: EntityManager): Promise<Party | null> {
    return (tx ? tx.getRepository(Party) : this.parties).findOneBy({ code: code.toUpperCase() });
  }

  /** The Party with this code, or BAD_USER_INPUT naming `field`. */
  async requireParty(code: string, field = 'partyCode'): Promise<Party> {
    const party = /^[A-Za-z]{3}$/.test(code) ? await this.findParty(code) : null;
    if (!party) throw badInput(field, `unknown Party ${code}`);
    return party;
  }

  partiesByCodes(codes: readonly string[]): Promise<Party[]> {
    return this.parties.findBy({ code: In([...codes]) });
  }

  listCentres(): Promise<RegionalCentre[]> {
    return this.centres.find({ order: { name: 'ASC' } });
  }

  findCentre(id: string): Promise<RegionalCentre | null> {
    return this.centres.findOneBy({ id });
  }

  centresByIds(ids: readonly string[]): Promise<RegionalCentre[]> {
    return this.centres.findBy({ id: In([...ids]) });
  }

  listModules(): Promise<ThematicModule[]> {
    return this.modules.find({ order: { code: 'ASC' } });
  }

  modulesByIds(ids: readonly string[]): Promise<ThematicModule[]> {
    return this.modules.findBy({ id: In([...ids]) });
  }

  /** The modules with these codes, in the same order, or BAD_USER_INPUT naming `field` and the unknown codes. */
  async requireModules(codes: readonly string[], field: string): Promise<ThematicModule[]> {
    const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
    const found = wanted.length ? await this.modules.findBy({ code: In(wanted) }) : [];
    const missing = wanted.filter((c) => !found.some((m) => m.code === c));
    if (missing.length) throw badInput(field, `unknown module code(s): ${missing.join(', ')}`);
    return wanted.map((c) => found.find((m) => m.code === c)!);
  }
}
