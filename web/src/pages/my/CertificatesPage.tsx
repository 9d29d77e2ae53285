import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import type { MyCertificatesQuery } from '../../gql/graphql';
import { CopyButton } from '../../ui/copy';
import { DateText } from '../../ui/time';
import { ErrorMessage, Loading, Notice, PageTitle } from '../../ui/ui';
import './my.css';

const MyCertificatesDocument = graphql(`
  query MyCertificates {
    myCertificates {
      id
      code
      issuedAt
      revokedAt
      revocationReason
      pdfUrl
      verifyUrl
      session {
        id
        title
      }
    }
  }
`);

type Certificate = MyCertificatesQuery['myCertificates'][number];

function CertificateCard({ certificate: c, highlighted }: { certificate: Certificate; highlighted: boolean }) {
  const { t } = useTranslation('certificates');
  const card = useRef<HTMLElement>(null);
  const verifyField = useRef<HTMLInputElement>(null);
  // The certificate a link named (an e-mail's, a colleague's): brought into view and focused, once it is shown.
  useEffect(() => {
    if (!highlighted || !card.current) return;
    card.current.scrollIntoView({ block: 'start' });
    card.current.focus({ preventScroll: true });
  }, [highlighted]);
  const titleId = `certificate-${c.id}`;
  const verifyId = `certificate-${c.id}-verify`;
  return (
    <li>
      <article
        ref={card}
        tabIndex={highlighted ? -1 : undefined}
        className={`card${highlighted ? ' card--highlight' : ''}`}
        aria-labelledby={titleId}
      >
        {highlighted && <p className="card__flag">{t('linked')}</p>}
        <h2 id={titleId} className="card__title">
          <Link to={`/sessions/${c.session.id}`}>{c.session.title}</Link>
        </h2>
        <dl className="facts">
          <dt>{t('issued')}</dt>
          <dd>
            <DateText iso={c.issuedAt} />
          </dd>
          <dt>{t('code')}</dt>
          <dd>
            <code dir="ltr">{c.code}</code>
          </dd>
          <dt>{t('state')}</dt>
          <dd>
            {c.revokedAt ? (
              <>
                <span className="badge badge--revoked">{t('revoked')}</span> {t('revokedOn')}{' '}
                <DateText iso={c.revokedAt} />
                {c.revocationReason && (
                  <>
                    {'. '}
                    {t('reason')} {c.revocationReason}
                  </>
                )}
              </>
            ) : (
              <span className="badge badge--valid">{t('valid')}</span>
            )}
          </dd>
        </dl>
        {c.revokedAt && <p>{t('revokedNote')}</p>}
        <div className="actions">
          <a className="button" href={c.pdfUrl} download>
            {t('download')}
            <span className="visually-hidden"> — {c.session.title}</span>
          </a>
        </div>
        <div className="field">
          <label htmlFor={verifyId}>{t('verifyLink')}</label>
          <p className="field__hint" id={`${verifyId}-hint`}>
            {t('verifyHint')} <a href={c.verifyUrl}>{t('verifyOpen')}</a>
          </p>
          <div className="copy-row">
            <input
              id={verifyId}
              ref={verifyField}
              type="text"
              readOnly
              dir="ltr"
              value={c.verifyUrl}
              aria-describedby={`${verifyId}-hint`}
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={c.verifyUrl} what={t('copyWhat')} failedText={t('copyFailed')} target={verifyField} />
          </div>
        </div>
      </article>
    </li>
  );
}

/** The delegate's certificates, newest first: valid or revoked in words, the PDF, the public verification link. */
export default function CertificatesPage() {
  const { t } = useTranslation('certificates');
  const { code } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: MyCertificatesDocument, requestPolicy: 'cache-and-network' });
  const certificates = data?.myCertificates;
  // Codes are base64url: case matters.
  const wanted = code?.trim();
  const found = !!wanted && !!certificates?.some((c) => c.code === wanted);
  return (
    <section>
      <PageTitle>{t('title')}</PageTitle>
      <p className="lead">{t('intro')}</p>
      {fetching && !data ? (
        <Loading />
      ) : error ? (
        <ErrorMessage error={error} />
      ) : !certificates?.length ? (
        <p>
          {t('none')} <Link to="/my/programme">{t('toProgramme')}</Link>
        </p>
      ) : (
        <>
          {wanted && !found && <Notice tone="warning">{t('notFound', { code })}</Notice>}
          <ul className="my-list">
            {certificates.map((c) => (
              <CertificateCard key={c.id} certificate={c} highlighted={c.code === wanted} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
