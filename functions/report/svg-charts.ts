import { esc } from './escape';

/**
 * Small, dependency-free SVG charts for the weekly report. Hand-written on purpose: the report must be
 * one self-contained HTML file (no scripts, no external requests) and the Lambda bundle small; a
 * charting library would add hundreds of KB and a runtime for three chart shapes.
 */
export const SEVERITY_COLORS: Record<string, string> = {
  critical: '#8b1a1a',
  high: '#d9480f',
  medium: '#e8a400',
  low: '#3b7dd8',
  info: '#868e96',
};

export interface TrendPoint {
  label: string;
  value: number | null;
}

/**
 * A 0-100 line chart of one pillar's score over the weeks; gaps where a week has no score.
 * `title` becomes the accessible name.
 */
export function scoreTrendChart(
  points: readonly TrendPoint[],
  title: string,
  width = 280,
  height = 110,
): string {
  const pad = { left: 28, right: 8, top: 8, bottom: 20 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (points.length <= 1 ? w / 2 : (i * w) / (points.length - 1));
  const y = (v: number) => pad.top + h - (Math.max(0, Math.min(100, v)) / 100) * h;
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));
  const grid = [0, 50, 100]
    .map(
      (v) =>
        `<line x1="${pad.left}" x2="${pad.left + w}" y1="${y(v)}" y2="${y(v)}" stroke="#dee2e6" stroke-width="1"/>` +
        `<text x="${pad.left - 4}" y="${y(v) + 3}" font-size="9" text-anchor="end" fill="#6c757d">${v}</text>`,
    )
    .join('');
  const lines = segments
    .map(
      (s) =>
        `<polyline points="${s}" fill="none" stroke="#1c7ed6" stroke-width="2" stroke-linejoin="round"/>`,
    )
    .join('');
  const dots = points
    .map((p, i) =>
      p.value === null
        ? ''
        : `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" fill="#1c7ed6"><title>${esc(p.label)}: ${p.value}</title></circle>`,
    )
    .join('');
  const first = points[0]?.label ?? '';
  const last = points[points.length - 1]?.label ?? '';
  const labels =
    `<text x="${pad.left}" y="${height - 5}" font-size="9" fill="#6c757d">${esc(first)}</text>` +
    `<text x="${pad.left + w}" y="${height - 5}" font-size="9" text-anchor="end" fill="#6c757d">${esc(last)}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(title)}">` +
    `<title>${esc(title)}</title>${grid}${lines}${dots}${labels}</svg>`
  );
}

export interface StackedBarRow {
  label: string;
  parts: Array<{ key: string; value: number }>;
}

/** Horizontal stacked bars, e.g. open findings per pillar split by severity. */
export function stackedBarChart(rows: readonly StackedBarRow[], title: string, width = 560): string {
  const rowHeight = 22;
  const labelWidth = 170;
  const barWidth = width - labelWidth - 40;
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((s, p) => s + p.value, 0)));
  const height = rows.length * rowHeight + 8;
  const body = rows
    .map((row, i) => {
      const yTop = 4 + i * rowHeight;
      let xCursor = labelWidth;
      const total = row.parts.reduce((s, p) => s + p.value, 0);
      const rects = row.parts
        .filter((p) => p.value > 0)
        .map((p) => {
          const wPart = (p.value / max) * barWidth;
          const rect = `<rect x="${xCursor.toFixed(1)}" y="${yTop + 3}" width="${wPart.toFixed(1)}" height="${rowHeight - 8}" fill="${SEVERITY_COLORS[p.key] ?? '#adb5bd'}"><title>${esc(row.label)}: ${p.value} ${esc(p.key)}</title></rect>`;
          xCursor += wPart;
          return rect;
        })
        .join('');
      return (
        `<text x="${labelWidth - 8}" y="${yTop + rowHeight / 2 + 3}" font-size="11" text-anchor="end" fill="#212529">${esc(row.label)}</text>` +
        rects +
        `<text x="${(xCursor + 4).toFixed(1)}" y="${yTop + rowHeight / 2 + 3}" font-size="11" fill="#495057">${total}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title>${body}</svg>`;
}

/** A ring showing a 0-100 score; grey with an em dash when there is no score. */
export function scoreRing(score: number | null, size = 64): string {
  const r = size / 2 - 5;
  const c = 2 * Math.PI * r;
  const color = score === null ? '#adb5bd' : score >= 85 ? '#2b8a3e' : score >= 60 ? '#e8a400' : '#c92a2a';
  const dash = score === null ? 0 : (Math.max(0, Math.min(100, score)) / 100) * c;
  const text = score === null ? '&#8212;' : String(Math.round(score));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" aria-hidden="true">` +
    `<circle cx="${size / 2}" cy="${size / 2}" r="${r}" fill="none" stroke="#e9ecef" stroke-width="6"/>` +
    `<circle cx="${size / 2}" cy="${size / 2}" r="${r}" fill="none" stroke="${color}" stroke-width="6" stroke-linecap="round" stroke-dasharray="${dash.toFixed(1)} ${c.toFixed(1)}" transform="rotate(-90 ${size / 2} ${size / 2})"/>` +
    `<text x="50%" y="54%" font-size="${size / 3.6}" font-weight="700" text-anchor="middle" dominant-baseline="middle" fill="#212529">${text}</text></svg>`
  );
}
