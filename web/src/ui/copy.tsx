import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Copies `text` to the clipboard. The outcome is said in words beside the button, in a live region that is always in
 * the page (so screen readers announce it): "Copied", or `failedText` when the browser refuses (no clipboard outside
 * HTTPS, permission denied), in which case `target`, the field showing the text, is selected for the reader to copy.
 */
export function CopyButton({
  text,
  what,
  failedText,
  target,
}: {
  text: string;
  /** What is copied, read after the visible "Copy" by screen readers ("the verification link"). */
  what?: string;
  failedText: string;
  target?: RefObject<HTMLInputElement | null>;
}) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  // A new text (a new address): the old outcome no longer applies.
  const [shownFor, setShownFor] = useState(text);
  if (shownFor !== text) {
    setShownFor(text);
    setOutcome(null);
  }
  const copy = async () => {
    window.clearTimeout(timer.current);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
      timer.current = window.setTimeout(() => setOutcome(null), 5000);
    } catch {
      setOutcome('failed');
      target?.current?.focus();
      target?.current?.select();
    }
  };
  return (
    <span className="copy">
      <button type="button" className="button button--secondary" onClick={() => void copy()}>
        {t('copy')}
        {what && <span className="visually-hidden"> {what}</span>}
      </button>
      <span className="copy__status" role="status" aria-live="polite">
        {outcome === 'copied' && <>✓ {t('copied')}</>}
        {outcome === 'failed' && failedText}
      </span>
    </span>
  );
}
