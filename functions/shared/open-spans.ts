import type { OpenSpan, StoredFinding } from '../ports/findings-store';

/**
 * How many earlier open spans a finding keeps (`pastOpenings`). A span is about 72 bytes in a
 * DynamoDB item (two ISO instants and their names), so the bound costs under 5 KB of the 400 KB
 * item limit (about 5 KB of JSON in the local state file), however often the finding flaps: a
 * finding reopened weekly keeps a year and more of exact history.
 */
export const MAX_PAST_OPENINGS = 64;

/**
 * The finding's earlier spans once it reopens, given the span its reopening closes (`closed`, the
 * span it was open until its latest resolution). Past MAX_PAST_OPENINGS, the two neighbouring spans
 * with the shortest resolved gap between them merge into one (the oldest such pair on a tie): the
 * finding then counts as open through that gap, so a week ending inside a forgotten gap lists it as
 * open, and a resolution inside it no longer counts as resolved that week. The briefest gaps go first
 * (rapid flapping), so a long span is never lost and recent weeks stay exact the longest. Never
 * changes `past` (a new array).
 */
export function withClosedSpan(past: readonly OpenSpan[] | undefined, closed: OpenSpan): OpenSpan[] {
  const next = past ? past.slice() : [];
  next.push(closed);
  while (next.length > MAX_PAST_OPENINGS) mergeShortestGap(next);
  return next;
}

function mergeShortestGap(spans: OpenSpan[]): void {
  let at = 0;
  let shortest = Number.POSITIVE_INFINITY;
  for (let i = 0; i + 1 < spans.length; i++) {
    const gap = Date.parse(spans[i + 1]!.openedAt) - Date.parse(spans[i]!.resolvedAt);
    if (gap < shortest) {
      shortest = gap;
      at = i;
    }
  }
  spans.splice(at, 2, { openedAt: spans[at]!.openedAt, resolvedAt: spans[at + 1]!.resolvedAt });
}

/** The span the finding's reopening closes: from its latest opening to its latest resolution. */
export function latestSpan(resolved: StoredFinding): OpenSpan {
  return {
    openedAt: resolved.openedAt ?? resolved.firstSeenAt,
    resolvedAt: resolved.resolvedAt ?? resolved.lastSeenAt,
  };
}

/**
 * The finding as the report of the week [from, to) shows it, whatever happened to it after `to`:
 * open, when one of its spans covers `to` (opened before it, not resolved by then); resolved, when
 * it was not open at `to` and its last resolution before `to` fell within the week; undefined
 * otherwise (first opened after the week, or last resolved before it). The finding itself when its
 * latest span is that span (no copy: the common case), else a copy with that span's times. Findings
 * recorded before `pastOpenings` existed have only their latest span, as before.
 */
export function asOfWeek(finding: StoredFinding, from: string, to: string): StoredFinding | undefined {
  const opened = finding.openedAt ?? finding.firstSeenAt;
  if (opened < to) {
    if (finding.status === 'open') return finding;
    const resolvedAt = finding.resolvedAt ?? finding.lastSeenAt;
    if (resolvedAt >= to) return spanAsFinding(finding, opened);
    return resolvedAt >= from ? finding : undefined;
  }
  const past = finding.pastOpenings;
  if (!past) return undefined;
  for (let i = past.length - 1; i >= 0; i--) {
    const span = past[i]!;
    if (span.openedAt >= to) continue;
    if (span.resolvedAt >= to) return spanAsFinding(finding, span.openedAt);
    return span.resolvedAt >= from ? spanAsFinding(finding, span.openedAt, span.resolvedAt) : undefined;
  }
  return undefined;
}

/** The finding during one of its spans: open since `openedAt`, or resolved at `resolvedAt` when given. */
function spanAsFinding(finding: StoredFinding, openedAt: string, resolvedAt?: string): StoredFinding {
  const { resolvedAt: _latest, pastOpenings: _past, ...rest } = finding;
  return resolvedAt === undefined
    ? Object.assign(rest, { status: 'open' as const, openedAt })
    : Object.assign(rest, { status: 'resolved' as const, openedAt, resolvedAt });
}

/**
 * The finding without its earlier spans: what a notification (a Step Functions state, at most
 * 256 KiB, one per finding of an event) carries; nothing downstream of Record reads them.
 */
export function withoutPastOpenings(finding: StoredFinding): StoredFinding {
  if (!finding.pastOpenings) return finding;
  const { pastOpenings: _past, ...rest } = finding;
  return rest;
}
