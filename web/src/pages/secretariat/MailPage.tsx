import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { tokenStore } from '../../app/client';
import { graphql } from '../../gql';
import type { MailDeliveryStatus } from '../../gql/graphql';
import { DateText } from '../../ui/time';
import { ErrorMessage, Loading, Notice, PageTitle } from '../../ui/ui';
import { SecretariatNav } from './shared';
import './secretariat.css';

const DeliveriesDocument = graphql(`
  query SecretariatMailDeliveries($status: MailDeliveryStatus, $recipientEmail: String) {
    mailDeliveries(status: $status, recipientEmail: $recipientEmail, first: 50) {
      totalCount
      edges {
        node {
          id
          kind
          recipientEmail
          subject
          status
          attempts
          lastError
          createdAt
          updatedAt
          sentAt
        }
      }
    }
  }
`);

const RetryDocument = graphql(`
  mutation SecretariatRetryMail($id: ID!) {
    retryMailDelivery(id: $id) {
      id
      status
      attempts
    }
  }
`);

interface Delivery {
  id: string;
  kind: string;
  recipientEmail: string;
  subject?: string | null;
  status: MailDeliveryStatus;
  attempts: number;
  lastError?: string | null;
  updatedAt: string;
}

/**
 * E-mails that failed (every attempt refused) and those still being retried; a failed one is put back in its queue
 * with "Retry", and the page follows it until it is sent or fails again. The queue dashboard shows the jobs behind.
 */
export default function MailPage() {
  const { t } = useTranslation('secretariat');
  const [retried, setRetried] = useState<Delivery[]>([]);
  const token = tokenStore.get();
  return (
    <section className="sec-page">
      <SecretariatNav />
      <PageTitle>{t('mail.title')}</PageTitle>
      <p className="lead">{t('mail.intro')}</p>
      <h2>{t('mail.failedTitle')}</h2>
      <DeliveryTable status="FAILED" onRetried={(d) => setRetried([d, ...retried.filter((r) => r.id !== d.id)])} />
      {retried.length > 0 && (
        <>
          <h2>{t('mail.retriedTitle')}</h2>
          <ul className="sec-list">
            {retried.map((d) => (
              <RetryResult key={d.id} delivery={d} />
            ))}
          </ul>
        </>
      )}
      <h2>{t('mail.retryingTitle')}</h2>
      <DeliveryTable status="RETRYING" />
      <h2>{t('mail.queuesTitle')}</h2>
      <p>{t('mail.queuesIntro')}</p>
      <p>
        <a
          href={`/admin/queues${token ? `?token=${encodeURIComponent(token)}` : ''}`}
          target="_blank"
          rel="noopener noreferrer"
        >
          {t('mail.queuesLink')}
        </a>{' '}
        <span className="hint">{t('mail.newTab')}</span>
      </p>
    </section>
  );
}

function DeliveryTable({ status, onRetried }: { status: MailDeliveryStatus; onRetried?: (d: Delivery) => void }) {
  const { t } = useTranslation('secretariat');
  const [{ data, fetching, error }, refetch] = useQuery({ query: DeliveriesDocument, variables: { status } });
  const [retryState, retry] = useMutation(RetryDocument);
  const rows = data?.mailDeliveries.edges.map((e) => e.node) ?? [];
  const caption = t(`mail.caption.${status}`);
  return (
    <>
      <ErrorMessage error={error ?? retryState.error} />
      {fetching && !data && <Loading />}
      {data && rows.length === 0 && <p>{t(`mail.none.${status}`)}</p>}
      {rows.length > 0 && (
        <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
          <table>
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('mail.recipient')}</th>
                <th scope="col">{t('mail.kind')}</th>
                <th scope="col">{t('mail.attempts')}</th>
                <th scope="col">{t('mail.lastError')}</th>
                <th scope="col">{t('mail.updated')}</th>
                {onRetried && <th scope="col">{t('mail.action')}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <th scope="row" className="mono">
                    {d.recipientEmail}
                  </th>
                  <td>{d.subject ?? t(`mailKind.${d.kind}`, { defaultValue: d.kind })}</td>
                  <td>{d.attempts}</td>
                  <td className="mono">{d.lastError ?? '—'}</td>
                  <td>
                    <DateText iso={d.updatedAt} />
                  </td>
                  {onRetried && (
                    <td>
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={retryState.fetching}
                        aria-label={t('mail.retryLabel', { to: d.recipientEmail })}
                        onClick={async () => {
                          const res = await retry({ id: d.id });
                          if (res.data) {
                            onRetried({ ...d, status: res.data.retryMailDelivery.status });
                            refetch({ requestPolicy: 'network-only' });
                          }
                        }}
                      >
                        {t('mail.retry')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** A retried message, asked about again every few seconds until it is sent or has failed again. */
function RetryResult({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation('secretariat');
  const [{ data }, refetch] = useQuery({
    query: DeliveriesDocument,
    variables: { recipientEmail: delivery.recipientEmail },
    requestPolicy: 'network-only',
  });
  const now = data?.mailDeliveries.edges.find((e) => e.node.id === delivery.id)?.node;
  const status = now?.status ?? delivery.status;
  const settled = status === 'SENT' || status === 'FAILED';
  useEffect(() => {
    if (settled) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 2000);
    return () => clearInterval(timer);
  }, [settled, refetch]);
  return (
    <li className="sec-card" data-testid="retry-result">
      <p className="mono">{delivery.recipientEmail}</p>
      {status === 'SENT' ? (
        <Notice tone="success">{t('mail.result.SENT', { to: delivery.recipientEmail })}</Notice>
      ) : status === 'FAILED' ? (
        <p className="notice notice--error" role="alert">
          {t('mail.result.FAILED', { error: now?.lastError ?? '' })}
        </p>
      ) : (
        <Notice>{t('mail.result.PENDING')}</Notice>
      )}
    </li>
  );
}
