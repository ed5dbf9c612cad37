import { describeExpectation, durationInWords, type ResponseExpectation } from '../threads/response-expectations.port.js';
import { SERVICE_LEVEL_FIGURES, type ServiceLevelFigure } from './entities/service-level-settings.entity.js';
import { barChart, percent, share } from './insights.presenter.js';
import type { QuestionMetrics } from './question-metrics.js';
import { MIN_SAMPLE, SERVICE_LEVEL_DAYS, type ServiceLevels } from './service-levels.service.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const FIGURE_LABELS: Record<ServiceLevelFigure, string> = {
  'answered-within-target': 'Share of questions answered within the response target',
  'time-to-first-answer': 'Median and 90th-percentile time to a first answer',
  solved: 'Share solved, and by whom (community or staff)',
  'kb-helpfulness': 'How helpful readers find knowledge-base articles',
  'busy-hours': 'When the community is busiest and quietest',
  history: 'The same figures month by month over the last year',
};

const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
const slot = (day: number, h: number) => `${WEEKDAYS[day]}s ${hour(h)}–${hour((h + 1) % 24)}`;

/** The figures of one period, as shares (0–1) and hours; exactly what /api/v1/insights reports for them. */
function figuresOf(m: QuestionMetrics) {
  return {
    asked: m.asked,
    answeredWithinTargetShare: share(m.answeredWithinTarget, m.asked),
    medianHoursToFirstAnswer: m.medianHoursToFirstAnswer,
    p90HoursToFirstAnswer: m.p90HoursToFirstAnswer,
    solvedShare: share(m.solved, m.asked),
    solvedByCommunityShare: share(m.solvedByCommunity, m.solved),
    solvedByStaffShare: share(m.solvedByStaff, m.solved),
  };
}

function extremes(grid: number[][]) {
  let busiest = { day: 0, hour: 0, count: -1 };
  let quietest = { day: 0, hour: 0, count: Infinity };
  grid.forEach((hours, day) =>
    hours.forEach((count, h) => {
      if (count > busiest.count) busiest = { day, hour: h, count };
      if (count < quietest.count) quietest = { day, hour: h, count };
    }),
  );
  return { busiest, quietest };
}

export const ServiceLevelsPresenter = {
  /** The API body: only the published figures; a figure from too few questions is null. */
  api(report: ServiceLevels) {
    const shows = (figure: ServiceLevelFigure) => report.figures.includes(figure);
    const f = report.questions ? figuresOf(report.questions) : null;
    return {
      tag: report.tag,
      days: SERVICE_LEVEL_DAYS,
      since: report.since.toISOString(),
      until: report.until.toISOString(),
      responseTargetHours: report.targetHours,
      minimumSample: MIN_SAMPLE,
      figures: report.figures,
      ...(shows('answered-within-target') && { answeredWithinTarget: f && { share: f.answeredWithinTargetShare } }),
      ...(shows('time-to-first-answer') && { timeToFirstAnswer: f && { medianHours: f.medianHoursToFirstAnswer, p90Hours: f.p90HoursToFirstAnswer } }),
      ...(shows('solved') && { solved: f && { share: f.solvedShare, byCommunityShare: f.solvedByCommunityShare, byStaffShare: f.solvedByStaffShare } }),
      ...(shows('kb-helpfulness') && { knowledgeBase: report.knowledge && { ratings: report.knowledge.ratings, helpfulShare: share(report.knowledge.helpful, report.knowledge.ratings) } }),
      ...(shows('busy-hours') && {
        busyHours: report.busyHours && { timeZone: report.timeZone, weekdays: WEEKDAYS, grid: report.busyHours, ...extremes(report.busyHours) },
      }),
      ...(shows('history') && {
        history: report.history!.map(({ month, metrics }) => ({ month, ...(metrics ? figuresOf(metrics) : { asked: null }) })),
      }),
    };
  },

  page(report: ServiceLevels, tags: string[], timeZones: string[]) {
    const api = ServiceLevelsPresenter.api(report);
    const hours = (value: number | null | undefined) => (value === null || value === undefined ? '—' : durationInWords(value));
    const busy = api.busyHours;
    const max = busy ? Math.max(1, ...busy.grid.flat()) : 1;
    const history = api.history;
    return {
      title: 'Service levels',
      description: `How quickly questions in this community get answered and solved, over the last ${SERVICE_LEVEL_DAYS} days.`,
      tag: report.tag,
      tags: tags.map((name) => ({ name, selected: name === report.tag })),
      timeZones: timeZones.map((name) => ({ name, selected: name === report.timeZone })),
      timeZone: report.timeZone,
      days: SERVICE_LEVEL_DAYS,
      minimumSample: MIN_SAMPLE,
      targetHours: report.targetHours,
      enough: report.questions !== null,
      cards: [
        api.answeredWithinTarget && { value: percent(api.answeredWithinTarget.share), label: `of questions got a first answer within our ${report.targetHours}-hour target` },
        api.timeToFirstAnswer && { value: hours(api.timeToFirstAnswer.medianHours), label: 'median time to a first answer' },
        api.timeToFirstAnswer && { value: hours(api.timeToFirstAnswer.p90Hours), label: '9 in 10 questions got a first answer within this time' },
        api.solved && { value: percent(api.solved.share), label: 'of questions were solved' },
        api.solved && { value: percent(api.solved.byCommunityShare), label: 'of solutions came from the community' },
        api.solved && { value: percent(api.solved.byStaffShare), label: 'of solutions came from our support team' },
      ].filter(Boolean),
      knowledge: 'knowledgeBase' in api ? { shown: api.knowledgeBase !== null, value: api.knowledgeBase ? percent(api.knowledgeBase.helpfulShare) : null, ratings: api.knowledgeBase?.ratings } : null,
      busy: busy
        ? {
            hours: Array.from({ length: 24 }, (_, h) => ({ label: String(h), full: hour(h), shown: h % 6 === 0 })),
            rows: busy.grid.map((counts, day) => ({
              day: WEEKDAYS[day],
              short: WEEKDAYS[day]!.slice(0, 3),
              cells: counts.map((count, h) => ({ level: count === 0 ? 0 : Math.ceil((count / max) * 4), text: `${count} at ${hour(h)}` })),
            })),
            busiest: slot(busy.busiest.day, busy.busiest.hour),
            quietest: slot(busy.quietest.day, busy.quietest.hour),
          }
        : 'busyHours' in api
          ? { hidden: true }
          : null,
      history: history
        ? {
            chart: barChart('chart-history', 'Answered within target, by month', `Share of each month's questions answered within the response target; months with fewer than ${MIN_SAMPLE} questions show no bar.`,
              history.map((m) => ({ label: m.month, value: m.asked === null ? 0 : (m.answeredWithinTargetShare ?? 0) })), (v) => percent(v)),
            rows: history.map((m) => ({
              month: m.month,
              hidden: m.asked === null,
              withinTarget: m.asked === null ? '—' : percent(m.answeredWithinTargetShare ?? null),
              median: m.asked === null ? '—' : hours(m.medianHoursToFirstAnswer),
              solved: m.asked === null ? '—' : percent(m.solvedShare ?? null),
            })),
          }
        : null,
    };
  },

  settings(state: { published: boolean; figures: ServiceLevelFigure[] }) {
    return {
      title: 'Service levels',
      published: state.published,
      figures: SERVICE_LEVEL_FIGURES.map((name) => ({ name, label: FIGURE_LABELS[name], checked: state.figures.includes(name) })),
    };
  },

  expectations(expectations: ResponseExpectation[]) {
    return expectations.map((e) => ({ ...e, text: describeExpectation(e) }));
  },
};
