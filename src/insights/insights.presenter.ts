import type { CsvTable } from './dto/insights.dtos.js';
import type { InsightsReport } from './insights.service.js';
import type { QueueItem } from './unanswered-queue.service.js';

export const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
export const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);
const hours = (value: number | null) => (value === null ? '—' : `${value} h`);

const CHART = { width: 600, height: 160, pad: 24 };

/** Bars for a series, with coordinates computed here so the view only draws (no client script). */
export function barChart(id: string, title: string, desc: string, points: { label: string; value: number }[], format: (v: number) => string) {
  const max = Math.max(1, ...points.map((p) => p.value));
  const slot = (CHART.width - CHART.pad) / Math.max(1, points.length);
  const inner = CHART.height - CHART.pad;
  return {
    id, title, desc, width: CHART.width, height: CHART.height, baseline: inner,
    bars: points.map((p, i) => {
      const h = Math.round((p.value / max) * (inner - 12));
      return { x: Math.round(CHART.pad + i * slot + slot * 0.1), y: inner - h, width: Math.max(1, Math.round(slot * 0.8)), height: h, label: `${p.label}: ${format(p.value)}` };
    }),
    maxLabel: format(max),
  };
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  // Quote, double quotes, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const askUrl = (text: string) => `/questions/ask?${new URLSearchParams({ title: text })}`;

export const InsightsPresenter = {
  /** The API body: counts and shares (0–1, null when there is nothing to divide). */
  api(report: InsightsReport) {
    const q = report.questions;
    return {
      window: report.window,
      period: report.period,
      tag: report.tag,
      since: report.since.toISOString(),
      until: report.until.toISOString(),
      questions: {
        ...q,
        answeredWithinTargetShare: share(q.answeredWithinTarget, q.asked),
        solvedShare: share(q.solved, q.asked),
        solvedByCommunityShare: share(q.solvedByCommunity, q.solved),
        solvedByStaffShare: share(q.solvedByStaff, q.solved),
      },
      search: report.search,
      participation: report.participation,
      topContributors: report.topContributors,
      searchGaps: report.searchGaps.map((gap) => ({ ...gap, askUrl: askUrl(gap.text) })),
      trend: report.trend.map((b) => ({ ...b, start: b.start.toISOString() })),
    };
  },

  summaryRows(report: InsightsReport) {
    const a = InsightsPresenter.api(report).questions;
    return [
      { label: 'Questions asked', value: String(a.asked) },
      { label: 'Median time to first answer', value: hours(a.medianHoursToFirstAnswer) },
      { label: '90th percentile time to first answer', value: hours(a.p90HoursToFirstAnswer) },
      { label: 'Answered within the response target', value: percent(a.answeredWithinTargetShare) },
      { label: 'Solved', value: percent(a.solvedShare) },
      { label: 'Solved by the community', value: percent(a.solvedByCommunityShare) },
      { label: 'Solved by staff', value: percent(a.solvedByStaffShare) },
      { label: 'Unanswered past target now', value: String(a.unansweredPastTargetNow) },
      { label: 'Searches', value: String(report.search.searches) },
      { label: 'Suggestion clicks on the ask page', value: String(report.search.suggestionClicks) },
      { label: 'Asks abandoned after a click (deflected)', value: String(report.search.abandonedAfterClick) },
      { label: 'Members who only asked', value: String(report.participation.askersOnly) },
      { label: 'Members who answered', value: String(report.participation.answerers) },
      { label: 'Super-users who took part', value: String(report.participation.superUsers) },
    ];
  },

  page(report: InsightsReport, tags: string[]) {
    const period: Record<string, string> = report.window ? { window: String(report.window) } : { from: report.period.from, to: report.period.to };
    const query = (extra: Record<string, string> = {}) => new URLSearchParams({ ...period, ...(report.tag ? { tag: report.tag } : {}), ...extra }).toString();
    const unit = report.period.unit;
    const span = report.window ? `over the last ${report.window} days` : `from ${report.period.from} to ${report.period.to}`;
    return {
      title: 'Insights',
      window: report.window,
      period: report.period,
      heading: report.window ? `Last ${report.window} days` : `${report.period.from} to ${report.period.to}`,
      tag: report.tag,
      windows: [7, 30, 90].map((days) => ({ days, selected: days === report.window })),
      tags: tags.map((name) => ({ name, selected: name === report.tag })),
      summary: InsightsPresenter.summaryRows(report),
      contributors: report.topContributors,
      gaps: report.searchGaps.map((gap) => ({ ...gap, askUrl: askUrl(gap.text), draftUrl: "/kb/review" })),
      charts: [
        barChart('chart-asked', 'Questions asked', `Questions asked per ${unit} ${span} (${report.period.timeZone}).`,
          report.trend.map((b) => ({ label: b.day, value: b.asked })), String),
        barChart('chart-target', 'Answered within target', `Share of each ${unit}'s questions answered within the response target.`,
          report.trend.map((b) => ({ label: b.day, value: b.asked ? b.answeredWithinTarget / b.asked : 0 })), (v) => percent(v)),
      ],
      exports: ['summary', 'contributors', 'search-gaps', 'trend'].map((table) => ({ table, url: `/insights/export/${table}.csv?${query()}` })),
    };
  },

  csv(report: InsightsReport, table: CsvTable): string {
    switch (table) {
      case 'summary':
        return csv(['metric', 'value'], InsightsPresenter.summaryRows(report).map((r) => [r.label, r.value]));
      case 'contributors':
        return csv(['username', 'answers', 'accepted'], report.topContributors.map((c) => [c.username, c.answers, c.accepted]));
      case 'search-gaps':
        return csv(['search', 'searches', 'no_result', 'no_click'], report.searchGaps.map((g) => [g.text, g.searches, g.noResult, g.noClick]));
      case 'trend':
        return csv(['day', 'start', 'asked', 'answered_within_target', 'solved'], report.trend.map((b) => [b.day, b.start, b.asked, b.answeredWithinTarget, b.solved]));
    }
  },

  queueItem(item: QueueItem, viewerId: number) {
    return {
      questionId: item.questionId,
      title: item.title,
      url: `/questions/${item.questionId}/${item.slug}`,
      tags: item.tags,
      askedAt: item.askedAt.toISOString(),
      targetHours: item.targetHours,
      claimedBy: item.claimedBy,
      claimedAt: item.claimedAt ? item.claimedAt.toISOString() : null,
      mine: item.claimedById === viewerId,
      free: item.claimedById === null,
    };
  },
};
