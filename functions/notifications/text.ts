/** Text helpers for Slack limits: truncate without splitting a surrogate pair or an escape sequence. */

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` UTF-16 code units, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, Math.max(cut, 0)) + ELLIPSIS;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const TO_ESCAPE = /[&<>]/g;

/** Slack mrkdwn: `&`, `<`, `>` must be escaped (they start links and mentions). */
export function escapeMrkdwn(text: string): string {
  return text.replace(TO_ESCAPE, (c) => ESCAPES[c]!);
}

const PARTIAL_ENTITY = /&[a-z]{0,4}$/;

/** Escapes, then truncates to `max`, never leaving half an `&amp;`. */
export function mrkdwn(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  const cut = truncate(escaped, max);
  const body = cut.slice(0, -ELLIPSIS.length).replace(PARTIAL_ENTITY, '');
  return body + ELLIPSIS;
}

/** A link in mrkdwn; the label is escaped and `|` removed (it separates url and label). */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(label.replace(/\|/g, '/'))}>`;
}

/** Only printable ASCII, for SNS subjects. */
export function asciiSafe(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '')
    .trim();
}
