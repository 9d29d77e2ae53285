import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badInput, isUuid, usdToCents } from '@lib/common';
import { User } from '../auth/user.entity';
import { CertificatesService } from '../certificates/certificates.service';
import { SessionsService } from '../sessions/sessions.service';
import { BudgetLineEntity, ExpenditureEntity, PledgeEntity, ProgrammeFigureEntity } from './budget.entity';
import { ProgrammeBudget } from './budget.models';

const COP_APPROVED_KEY = 'cop_approved';

/** The budget a new database starts from, in whole dollars as the project sheet gives it. */
export interface ReferenceBudget {
  lines: readonly { component: string; plannedUsd: number }[];
  pledge: { donor: string; amountUsd: number };
  copApprovedUsd: number;
}

/** Budget lines, pledges and expenditure in integer cents; the figures derived from them are computed here. */
@Injectable()
export class BudgetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly certificates: CertificatesService,
  ) {}

  async programmeBudget(): Promise<ProgrammeBudget> {
    const lines: { component: string; planned: string; spent: string }[] = await this.db.query(
      `SELECT l.component, l.planned_cents AS planned, COALESCE(SUM(e.amount_cents), 0) AS spent
         FROM budget_line l LEFT JOIN expenditure e ON e.budget_line_id = l.id
        GROUP BY l.id ORDER BY l.sort_order, l.component`,
    );
    const pledges = await this.db.getRepository(PledgeEntity).find({ order: { recordedAt: 'ASC' } });
    const cop = await this.db.getRepository(ProgrammeFigureEntity).findOneBy({ key: COP_APPROVED_KEY });
    const required = lines.reduce((sum, l) => sum + Number(l.planned), 0);
    const spent = lines.reduce((sum, l) => sum + Number(l.spent), 0);
    const pledged = pledges.reduce((sum, p) => sum + Number(p.amountCents), 0);
    const certified = await this.certificates.countValid();
    return {
      lines: lines.map((l) => ({
        component: l.component,
        plannedUsd: Number(l.planned) / 100,
        spentUsd: Number(l.spent) / 100,
      })),
      pledges: pledges.map((p) => ({
        donor: p.donor,
        amountUsd: Number(p.amountCents) / 100,
        recordedAt: p.recordedAt,
      })),
      totalRequiredUsd: required / 100,
      cofundingPledgedUsd: pledged / 100,
      fundsToRaiseUsd: Math.max(0, required - pledged) / 100,
      copApprovedUsd: Number(cop?.valueCents ?? 0) / 100,
      spentUsd: spent / 100,
      // Cents divided, then rounded to the cent: the one place a figure is not an exact sum.
      costPerCertifiedDelegateUsd: certified > 0 ? Math.round(spent / certified) / 100 : null,
    };
  }

  /**
   * Loads the reference figures (the project sheet's budget lines, its pledge and the COP-approved figure) in the
   * caller's transaction, when no budget line exists yet. Returns whether it loaded them.
   */
  async loadReferenceIfEmpty(tx: EntityManager, sheet: ReferenceBudget): Promise<boolean> {
    if (await tx.count(BudgetLineEntity)) return false;
    await tx.insert(
      BudgetLineEntity,
      sheet.lines.map((l, i) => ({ component: l.component, plannedCents: String(l.plannedUsd * 100), sortOrder: i })),
    );
    await tx.insert(PledgeEntity, { donor: sheet.pledge.donor, amountCents: String(sheet.pledge.amountUsd * 100) });
    await tx.insert(ProgrammeFigureEntity, { key: COP_APPROVED_KEY, valueCents: String(sheet.copApprovedUsd * 100) });
    return true;
  }

  async recordPledge(donor: string, amountUsd: number, actor: User): Promise<void> {
    const name = donor.trim();
    if (name.length < 1 || name.length > 200) throw badInput('donor', 'donor must have 1 to 200 characters');
    const cents = this.positiveCents(amountUsd, 'amountUsd');
    await this.db
      .getRepository(PledgeEntity)
      .insert({ donor: name, amountCents: String(cents), recordedById: actor.id });
  }

  /** Records spending against a budget component (by its name), and against a workshop's actual cost if given. */
  async recordExpenditure(component: string, amountUsd: number, sessionId: string | null, actor: User): Promise<void> {
    const cents = this.positiveCents(amountUsd, 'amountUsd');
    const line = await this.db
      .getRepository(BudgetLineEntity)
      .createQueryBuilder('l')
      .where('lower(l.component) = lower(:c)', { c: component.trim().slice(0, 200) })
      .getOne();
    if (!line) throw badInput('component', `unknown budget component ${component.slice(0, 200)}`);
    if (sessionId !== null && !isUuid(sessionId)) throw badInput('sessionId', 'unknown session');
    await this.db.transaction(async (tx) => {
      if (sessionId) await this.sessions.addActualCost(tx, sessionId, cents);
      await tx.insert(ExpenditureEntity, {
        budgetLineId: line.id,
        sessionId,
        amountCents: String(cents),
        recordedById: actor.id,
      });
    });
  }

  private positiveCents(amountUsd: number, field: string): number {
    let cents: number;
    try {
      cents = usdToCents(amountUsd);
    } catch (err) {
      throw badInput(field, `${field}: ${(err as Error).message}`);
    }
    if (cents <= 0 || cents > 100_000_000_000) throw badInput(field, `${field} must be positive and at most 1e9`);
    return cents;
  }
}
