import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { errorField } from '../../ui/errors';
import { DateText } from '../../ui/time';
import { ErrorMessage, Field, Loading, Notice, PageTitle } from '../../ui/ui';
import { SecretariatNav, useMoney } from './shared';
import './secretariat.css';

const BudgetFields = graphql(`
  fragment BudgetFields on ProgrammeBudget {
    totalRequiredUsd
    cofundingPledgedUsd
    fundsToRaiseUsd
    spentUsd
    costPerCertifiedDelegateUsd
    copApprovedUsd
    lines {
      component
      plannedUsd
      spentUsd
    }
    pledges {
      donor
      amountUsd
      recordedAt
    }
  }
`);

const BudgetDocument = graphql(`
  query SecretariatBudget {
    programmeBudget {
      ...BudgetFields
    }
  }
`);

const PledgeDocument = graphql(`
  mutation SecretariatRecordPledge($donor: String!, $amountUsd: Float!) {
    recordPledge(donor: $donor, amountUsd: $amountUsd) {
      ...BudgetFields
    }
  }
`);

const ExpenditureDocument = graphql(`
  mutation SecretariatRecordExpenditure($component: String!, $amountUsd: Float!, $sessionId: ID) {
    recordExpenditure(component: $component, amountUsd: $amountUsd, sessionId: $sessionId) {
      ...BudgetFields
    }
  }
`);

const WorkshopsDocument = graphql(`
  query SecretariatBudgetWorkshops {
    sessions(kind: WORKSHOP, first: 100) {
      edges {
        node {
          id
          title
          startsAt
        }
      }
    }
  }
`);

void BudgetFields;

/**
 * The programme's budget as the API keeps it: what is required, pledged, still to raise and spent (by line), the cost
 * per certified delegate and the figure the COP approved; pledges and spending are recorded here.
 */
export default function BudgetPage() {
  const { t } = useTranslation('secretariat');
  const money = useMoney();
  const linesId = useId();
  const [{ data, fetching, error }] = useQuery({ query: BudgetDocument });
  const b = data?.programmeBudget;
  return (
    <section className="sec-page">
      <SecretariatNav />
      <PageTitle>{t('budget.title')}</PageTitle>
      <p className="lead">{t('budget.intro')}</p>
      <ErrorMessage error={error} />
      {fetching && !data && <Loading />}
      {b && (
        <>
          <dl className="sec-figures" aria-label={t('budget.figures')}>
            <div>
              <dt>{t('budget.required')}</dt>
              <dd data-testid="required">{money(b.totalRequiredUsd)}</dd>
            </div>
            <div>
              <dt>{t('budget.pledged')}</dt>
              <dd data-testid="pledged">{money(b.cofundingPledgedUsd)}</dd>
            </div>
            <div>
              <dt>{t('budget.toRaise')}</dt>
              <dd data-testid="to-raise">{money(b.fundsToRaiseUsd)}</dd>
            </div>
            <div>
              <dt>{t('budget.spent')}</dt>
              <dd data-testid="spent">{money(b.spentUsd)}</dd>
            </div>
            <div>
              <dt>{t('budget.costPerCertified')}</dt>
              <dd data-testid="cost-per-certified">
                {b.costPerCertifiedDelegateUsd == null
                  ? t('budget.nobodyCertified')
                  : money(b.costPerCertifiedDelegateUsd)}
              </dd>
            </div>
            <div>
              <dt>{t('budget.cop')}</dt>
              <dd data-testid="cop">{money(b.copApprovedUsd)}</dd>
            </div>
          </dl>
          <h2 id={linesId}>{t('budget.linesTitle')}</h2>
          <div className="table-wrap" role="region" aria-labelledby={linesId} tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('budget.component')}</th>
                  <th scope="col">{t('budget.planned')}</th>
                  <th scope="col">{t('budget.spent')}</th>
                  <th scope="col">{t('budget.left')}</th>
                </tr>
              </thead>
              <tbody>
                {b.lines.map((l) => (
                  <tr key={l.component}>
                    <th scope="row">{l.component}</th>
                    <td>{money(l.plannedUsd)}</td>
                    <td>{money(l.spentUsd)}</td>
                    <td>{money(l.plannedUsd - l.spentUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="sec-columns">
            <PledgeForm />
            <ExpenditureForm components={b.lines.map((l) => l.component)} />
          </div>
          <h2>{t('budget.pledgesTitle')}</h2>
          {b.pledges.length === 0 ? (
            <p>{t('budget.noPledges')}</p>
          ) : (
            <ul className="sec-list">
              {b.pledges.map((p, i) => (
                <li key={i}>
                  <strong>{p.donor}</strong>: {money(p.amountUsd)} (<DateText iso={p.recordedAt} />)
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** An amount typed in dollars (a dot or a comma before the cents). */
const parseAmount = (s: string): number => Number(s.trim().replace(/\s/g, '').replace(',', '.'));

function PledgeForm() {
  const { t } = useTranslation('secretariat');
  const money = useMoney();
  const [donor, setDonor] = useState('');
  const [amount, setAmount] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [{ fetching, error }, record] = useMutation(PledgeDocument);
  const field = errorField(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const amountUsd = parseAmount(amount);
    const res = await record({ donor: donor.trim(), amountUsd });
    if (res.data) {
      setDone(t('budget.pledgeRecorded', { donor: donor.trim(), amount: money(amountUsd) }));
      setDonor('');
      setAmount('');
    }
  };
  return (
    <form className="form sec-card" onSubmit={submit}>
      <h2>{t('budget.pledgeTitle')}</h2>
      <Field label={t('budget.donor')} error={field === 'donor' ? t('budget.donorWrong') : undefined}>
        {(p) => <input {...p} required maxLength={200} value={donor} onChange={(e) => setDonor(e.target.value)} />}
      </Field>
      <Field
        label={t('budget.amount')}
        hint={t('budget.amountHint')}
        error={field === 'amountUsd' ? t('budget.amountWrong') : undefined}
      >
        {(p) => (
          <input
            {...p}
            required
            inputMode="decimal"
            pattern="[0-9 ]+([.,][0-9]{1,2})?"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        )}
      </Field>
      <ErrorMessage error={error} />
      {done && <Notice tone="success">{done}</Notice>}
      <button type="submit" className="button" disabled={fetching}>
        {t('budget.recordPledge')}
      </button>
    </form>
  );
}

function ExpenditureForm({ components }: { components: string[] }) {
  const { t } = useTranslation('secretariat');
  const money = useMoney();
  const [component, setComponent] = useState('');
  const [amount, setAmount] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [{ data: workshops }] = useQuery({ query: WorkshopsDocument });
  const [{ fetching, error }, record] = useMutation(ExpenditureDocument);
  const field = errorField(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const amountUsd = parseAmount(amount);
    const res = await record({ component, amountUsd, sessionId: sessionId || null });
    if (res.data) {
      setDone(t('budget.expenditureRecorded', { component, amount: money(amountUsd) }));
      setAmount('');
      setSessionId('');
    }
  };
  return (
    <form className="form sec-card" onSubmit={submit}>
      <h2>{t('budget.expenditureTitle')}</h2>
      <Field label={t('budget.component')}>
        {(p) => (
          <select {...p} required value={component} onChange={(e) => setComponent(e.target.value)}>
            <option value="">{t('budget.chooseComponent')}</option>
            {components.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t('budget.amount')}
        hint={t('budget.amountHint')}
        error={field === 'amountUsd' ? t('budget.amountWrong') : undefined}
      >
        {(p) => (
          <input
            {...p}
            required
            inputMode="decimal"
            pattern="[0-9 ]+([.,][0-9]{1,2})?"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('budget.session')} hint={t('budget.sessionHint')}>
        {(p) => (
          <select {...p} value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
            <option value="">{t('budget.noSession')}</option>
            {workshops?.sessions.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ErrorMessage error={error} />
      {done && <Notice tone="success">{done}</Notice>}
      <button type="submit" className="button" disabled={fetching}>
        {t('budget.recordExpenditure')}
      </button>
    </form>
  );
}
