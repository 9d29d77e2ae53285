/**
 * The one layout every message shares, as HTML and as plain text from the same parts, so both carry the same facts.
 * Everything here is plain text until this file escapes it: titles, names and reasons come from users.
 */

import { escapeHtml } from '@lib/common';

export interface MailFact {
  label: string;
  value: string;
  /** A link the value stands for (a join or material link); shown only when it is http(s). */
  href?: string | null;
  /** BCP 47 tag when the value is written in another locale than the text (Arabic dates in an English message). */
  lang?: string;
}

export interface MailAction {
  label: string;
  url: string;
}

/** Something to copy as it is (an API call), with the sentence that introduces it. */
export interface MailCode {
  intro: string;
  text: string;
  /** What the values used in it mean (an API enumeration), listed after it. */
  terms?: { term: string; meaning: string }[];
}

export interface MailBody {
  /** BCP 47 tag of the text. */
  lang: string;
  /** Between a label and its value in the plain text. */
  colon: string;
  subject: string;
  heading: string;
  greeting: string;
  paragraphs: string[];
  facts: MailFact[];
  /** Blocks to copy as they are (API calls), in order, after the facts. */
  codes: MailCode[];
  actions: MailAction[];
  /** Paragraphs after the facts (the calendar part's note). */
  notes: string[];
  footer: { programme: string; automatic: string; url: string };
}

/**
 * The URL to put in an href, or null: links come from trainers and organisers, and only web links may become
 * clickable (no javascript:, data: or file: URLs in a message the platform signs with its name).
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const COLOUR = '#0b4f6c';

function langAttribute(fact: MailFact): string {
  return fact.lang ? ` lang="${escapeHtml(fact.lang)}" dir="auto"` : '';
}

function factValueHtml(fact: MailFact): string {
  const href = safeHref(fact.href);
  const value = escapeHtml(fact.value);
  return href ? `<a href="${escapeHtml(href)}" style="color:${COLOUR};">${value}</a>` : value;
}

const MONO = 'font-family:Consolas,Menlo,monospace;';

function paragraphHtml(text: string): string {
  return `<p style="margin:0 0 14px;">${escapeHtml(text)}</p>`;
}

function codeHtml(code: MailCode): string {
  const terms = code.terms?.length
    ? `<ul style="margin:0 0 18px;padding:0 0 0 20px;">` +
      code.terms
        .map(
          (t) =>
            `<li style="margin:0 0 6px;"><code style="${MONO}font-size:14px;">${escapeHtml(t.term)}</code> – ${escapeHtml(t.meaning)}</li>`,
        )
        .join('') +
      `</ul>`
    : '';
  return (
    paragraphHtml(code.intro) +
    `<pre style="margin:0 0 18px;padding:12px;background:#f0f3f5;border:1px solid #dde3e8;white-space:pre-wrap;` +
    `word-break:break-all;${MONO}font-size:14px;"><code>${escapeHtml(code.text)}</code></pre>` +
    terms
  );
}

export function renderHtml(body: MailBody): string {
  const p = paragraphHtml;
  const facts = body.facts.length
    ? `<table style="border-collapse:collapse;width:100%;margin:0 0 18px;font-size:15px;">` +
      `<tbody>` +
      body.facts
        .map(
          (f) =>
            `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:6px 12px 6px 0;border-bottom:1px solid #dde3e8;` +
            `white-space:nowrap;color:#44505a;font-weight:bold;">${escapeHtml(f.label)}</th>` +
            `<td style="vertical-align:top;padding:6px 0;border-bottom:1px solid #dde3e8;"${langAttribute(f)}>${factValueHtml(f)}</td></tr>`,
        )
        .join('') +
      `</tbody></table>`
    : '';
  const codes = body.codes.map(codeHtml).join('');
  const actions = body.actions
    .map((a) => ({ label: a.label, href: safeHref(a.url) }))
    .filter((a): a is { label: string; href: string } => a.href !== null)
    .map(
      (a) =>
        `<p style="margin:0 0 14px;"><a href="${escapeHtml(a.href)}" style="display:inline-block;padding:10px 18px;` +
        `background:${COLOUR};color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;">${escapeHtml(a.label)}</a></p>`,
    )
    .join('');
  const footerHref = safeHref(body.footer.url);
  const footerLink = footerHref
    ? `<a href="${escapeHtml(footerHref)}" style="color:#44505a;">${escapeHtml(body.footer.url)}</a>`
    : escapeHtml(body.footer.url);
  return (
    `<!DOCTYPE html>\n` +
    `<html lang="${escapeHtml(body.lang)}">\n` +
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(body.subject)}</title></head>\n` +
    `<body style="margin:0;padding:0;background:#f4f6f8;">\n` +
    `<div role="article" aria-label="${escapeHtml(body.subject)}" style="max-width:640px;margin:0 auto;padding:24px;` +
    `${FONT}font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff;">\n` +
    `<h1 style="margin:0 0 18px;font-size:22px;line-height:1.3;color:${COLOUR};">${escapeHtml(body.heading)}</h1>\n` +
    p(body.greeting) +
    body.paragraphs.map(p).join('') +
    '\n' +
    facts +
    '\n' +
    codes +
    actions +
    body.notes.map(p).join('') +
    '\n' +
    `<hr style="border:none;border-top:1px solid #dde3e8;margin:24px 0 12px;">\n` +
    `<p style="margin:0;font-size:13px;color:#44505a;">${escapeHtml(body.footer.programme)} · ${footerLink}<br>` +
    `${escapeHtml(body.footer.automatic)}</p>\n` +
    `</div>\n</body>\n</html>\n`
  );
}

export function renderText(body: MailBody): string {
  const blocks: string[] = [
    `${body.heading}\n${'='.repeat(Math.min(body.heading.length, 72))}`,
    body.greeting,
    ...body.paragraphs,
  ];
  if (body.facts.length) {
    blocks.push(
      body.facts
        .map((f) => `${f.label}${body.colon}${f.value}${f.href && f.href !== f.value ? ` <${f.href}>` : ''}`)
        .join('\n'),
    );
  }
  for (const c of body.codes) {
    blocks.push(`${c.intro}\n\n${c.text.replace(/^/gm, '    ')}`);
    if (c.terms?.length) blocks.push(c.terms.map((t) => `- ${t.term}${body.colon}${t.meaning}`).join('\n'));
  }
  if (body.actions.length) blocks.push(body.actions.map((a) => `${a.label}${body.colon}${a.url}`).join('\n'));
  blocks.push(...body.notes);
  // "-- " is the conventional signature separator: mail clients fold or dim what follows it.
  blocks.push(`-- \n${body.footer.programme}\n${body.footer.url}\n${body.footer.automatic}`);
  return blocks.join('\n\n') + '\n';
}
