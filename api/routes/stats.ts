/** `GET /api/v1/stats?from=&to=&orgUnitId=&groupBy=&format=`: domain.md "Statistics" for a unit's subtree
 * (supervisors, auditors), as JSON or CSV (api.md "Statistics and documents"). */
import { Router, type Request, type Response } from 'express';
import { caseStatistics, groupedCaseStatistics, type StatsQuery } from '../../db/case-stats';
import type { Models } from '../../db/models';
import type { OrgTree } from '../../db/org-units';
import { requireCaller } from '../auth';
import { AppError } from '../errors';
import { statsQuerySchema } from '../schemas';
import { parse } from '../validate';
import { shanghaiDate, shanghaiStartOfDay, type IsoDate } from '../../domain/civil-date';
import { monthsOfPeriod, type StatsGrouping, type StatsMetrics } from '../../domain/case-statistics';
import { CATEGORY_WORDS, TRACK_WORDS } from '../../domain/documents/document-labels';

export const GRASSROOTS_KINDS = ['village_committee', 'station_room', 'township_center'] as const;

/** The days counted (api.md): without `to`, up to today in Asia/Shanghai; without `from`, from 1 January
 * of the year of `to`. So neither means the current year to date. */
export function statsPeriod(q: { from?: string; to?: string }, nowMs: number): { from: IsoDate; to: IsoDate } {
  const to = (q.to as IsoDate | undefined) ?? shanghaiDate(nowMs);
  const from = (q.from as IsoDate | undefined) ?? (`${to.slice(0, 4)}-01-01` as IsoDate);
  return { from, to };
}

/** A bucket as answered: its key, a childUnit's name, and every metric. */
type Row = { key: string; name?: string } & StatsMetrics;

export function statsRoutes(deps: { models: Models; orgTree: () => OrgTree }): Router {
  const router = Router();
  router.get('/stats', async (req, res) => {
    const caller = requireCaller(req);
    if (caller.role !== 'supervisor' && caller.role !== 'auditor')
      throw new AppError('forbidden', 'statistics are for supervisors and auditors');
    const q = parse(statsQuerySchema, req.query, 'query');
    const period = statsPeriod(q, Date.now());
    if (period.to < period.from)
      throw new AppError('validation_failed', 'to is before from', [
        { path: 'to', message: 'must not be before from' },
      ]);
    const orgUnitId = q.orgUnitId ?? caller.org;
    const tree = deps.orgTree();
    if (!tree.get(orgUnitId))
      throw new AppError('validation_failed', `unknown org unit ${orgUnitId}`, [
        { path: 'orgUnitId', message: 'unknown org unit' },
      ]);
    if (!tree.isWithin(orgUnitId, caller.org))
      throw new AppError('forbidden', 'statistics only for your own unit and the units below it');
    // Dates are Asia/Shanghai calendar days; `to` is inclusive.
    const query: StatsQuery = {
      orgUnitId,
      from: new Date(shanghaiStartOfDay(period.from)).toISOString(),
      to: new Date(shanghaiStartOfDay(period.to) + 86_400_000).toISOString(),
      now: new Date().toISOString(),
      grassrootsKinds: GRASSROOTS_KINDS,
    };
    const csv = wantsCsv(req, q.format);
    res.vary('Accept');
    if (!q.groupBy) {
      const stats = await caseStatistics(deps.models, query);
      if (!csv) return void res.json(stats);
      const { orgUnitId: _u, from: _f, to: _t, ...metrics } = stats;
      return void sendCsv(res, csvName(orgUnitId, period, null), statsCsv(null, [], metrics));
    }
    const grouped = await groupedCaseStatistics(deps.models, {
      ...query,
      groupBy: q.groupBy,
      months: monthsOfPeriod(period.from, period.to),
    });
    const buckets: Row[] = grouped.buckets.map(({ key, metrics }) =>
      q.groupBy === 'childUnit' ? { key, name: tree.get(key)?.name ?? key, ...metrics } : { key, ...metrics },
    );
    if (csv)
      return void sendCsv(res, csvName(orgUnitId, period, q.groupBy), statsCsv(q.groupBy, buckets, grouped.total));
    res.json({ ...grouped, buckets });
  });
  return router;
}

/** `format` decides; without it, an `Accept` that prefers CSV to JSON (anything else stays JSON, as before). */
function wantsCsv(req: Request, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

function csvName(orgUnitId: string, period: { from: IsoDate; to: IsoDate }, groupBy: StatsGrouping | null): string {
  const by: Record<StatsGrouping, string> = {
    month: '按月',
    childUnit: '按下级单位',
    category: '按类别',
    track: '按类型',
  };
  return `调解统计_${orgUnitId}_${period.from}_${period.to}${groupBy ? `_${by[groupBy]}` : ''}.csv`;
}

function sendCsv(res: Response, name: string, body: string): void {
  const ascii = name.replace(/[^\w.-]/g, '_');
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(`\uFEFF${body}`);
}

/** The first column's heading, and the words for a bucket's key where it has any. */
const KEY_HEADINGS: Record<StatsGrouping, [string, string | null]> = {
  month: ['月份', null],
  childUnit: ['单位编码', '单位名称'],
  category: ['纠纷类别', '类别名称'],
  track: ['调解类型', '类型名称'],
};
const TOTAL_ROW = '合计';

/** Percent with two decimals: rates are already rounded to four decimals of a fraction. */
const percent = (rate: number | null): string => (rate === null ? '' : (rate * 100).toFixed(2));

/** The metric columns: heading and cell. Rates as percentages, said in the heading. */
const METRIC_COLUMNS: Array<[string, (m: StatsMetrics) => string]> = [
  ['案件数', (m) => String(m.total)],
  ['已办结', (m) => String(m.closed)],
  ['调解成功', (m) => String(m.resolved)],
  ['基层调解成功', (m) => String(m.resolvedAtGrassroots)],
  ['协议未履行已引导', (m) => String(m.unperformedReferred)],
  ['调解期限按期', (m) => String(m.mediationDeadlines.met)],
  ['调解期限超期', (m) => String(m.mediationDeadlines.breached)],
  ['逾期未结', (m) => String(m.overdueOpen)],
  ['风险预警', (m) => String(m.riskRaised)],
  ['办结天数中位数', (m) => (m.medianDaysToClose === null ? '' : String(m.medianDaysToClose))],
  ['化解率(%)', (m) => percent(m.rates.resolutionRate)],
  ['矛盾不上交率(%)', (m) => percent(m.rates.grassrootsRate)],
  ['按期办结率(%)', (m) => percent(m.rates.onTimeRate)],
  ['履行率(%)', (m) => percent(m.rates.performanceRate)],
];

/** The words of a bucket's key: the unit's name, the category's or track's Chinese name. */
function keyWords(groupBy: StatsGrouping, row: Row): string {
  if (groupBy === 'childUnit') return row.name ?? '';
  if (groupBy === 'category') return CATEGORY_WORDS[row.key as keyof typeof CATEGORY_WORDS] ?? '';
  if (groupBy === 'track') return TRACK_WORDS[row.key as keyof typeof TRACK_WORDS] ?? '';
  return '';
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A text cell that a
 * spreadsheet would read as a formula (=, +, -, @) is prefixed with ' (unit names are typed by people). */
function cell(value: string, text = false): string {
  const v = text && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The CSV: a heading row, a row per bucket, the 合计 row; CRLF line ends. */
export function statsCsv(groupBy: StatsGrouping | null, buckets: readonly Row[], total: StatsMetrics): string {
  const [keyHeading, wordsHeading] = groupBy ? KEY_HEADINGS[groupBy] : ['统计', null];
  const heading = [keyHeading, ...(wordsHeading ? [wordsHeading] : []), ...METRIC_COLUMNS.map(([h]) => h)];
  const line = (key: string, words: string, m: StatsMetrics): string =>
    [cell(key, true), ...(wordsHeading ? [cell(words, true)] : []), ...METRIC_COLUMNS.map(([, f]) => f(m))].join(',');
  return [
    heading.map((h) => cell(h)).join(','),
    ...buckets.map((b) => line(b.key, groupBy ? keyWords(groupBy, b) : '', b)),
    line(TOTAL_ROW, '', total),
  ]
    .map((l) => `${l}\r\n`)
    .join('');
}
