/**
 * S7 统计分析 (console.md): KPI cards and charts by month, child unit, category and escalation level for a
 * unit of the caller's subtree and a period, every figure as `GET /api/v1/stats` answers it (nothing
 * recomputed here but formatting), each chart with its figures as a table, and the CSV of the same query.
 * The unit and period live in the address, so a reload or a shared link shows the same figures.
 */
import { useMemo } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Radio,
  Result,
  Row,
  Space,
  Spin,
  TreeSelect,
  Typography,
  theme,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { BarChartOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Category } from '../../../domain/case-types';
import { useSession } from '../auth/session';
import { ApiError } from '../api/http';
import { todayInShanghai } from '../components/civil-day';
import { formatDay } from '../components/format';
import { useLang } from '../i18n/use-lang';
import { CATEGORY_LABELS, labelOf } from '../labels/labels';
import { subtreeOf, useOrgUnits, type OrgTreeNode } from '../org/org-api';
import { statsCsvHref, useGroupedStats, type StatsBucket, type StatsScope } from './stats-api';
import { barOption, ChartCard } from './stats-chart';
import { escalationLevels, formatMonth, formatRate } from './stats-format';
import { StatsKpis } from './stats-kpis';
import { PERIOD_PRESETS, periodFromParams, type PeriodPreset } from './stats-period';

export const STATS_ROLES = ['supervisor', 'auditor'] as const;

/** Closed units stay selectable here: their past cases still count. */
const allEnabled = (nodes: OrgTreeNode[]): OrgTreeNode[] =>
  nodes.map(({ disabled: _d, ...n }) => ({ ...n, children: allEnabled(n.children) }));

const rate = (r: number | null) => formatRate(r) ?? '—';

/** `name` without the words it begins with in common with `parent`, when what is left still says enough. */
function withoutCommonPrefix(name: string, parent: string): string {
  let n = 0;
  while (n < name.length && name[n] === parent[n]) n++;
  return n >= 2 && name.length - n >= 4 ? name.slice(n) : name;
}

export default function StatsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { token } = theme.useToken();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const today = todayInShanghai();
  const { preset, period } = periodFromParams(
    { period: params.get('period'), from: params.get('from'), to: params.get('to') },
    today,
  );
  const units = useOrgUnits();
  const allowed = !!me && (STATS_ROLES as readonly string[]).includes(me.role);
  const orgUnitId = params.get('unit') ?? me?.org ?? '';
  const scope: StatsScope | null = allowed && orgUnitId ? { orgUnitId, ...period } : null;
  const byMonth = useGroupedStats(scope, 'month');
  const byUnit = useGroupedStats(scope, 'childUnit');
  const byCategory = useGroupedStats(scope, 'category');

  const tree = useMemo(() => {
    if (!me) return [];
    const nodes = units.data ? allEnabled(subtreeOf(units.data, me.org)) : [];
    return nodes.length ? nodes : [{ value: me.org, title: me.orgName ?? me.org, children: [] }];
  }, [units.data, me]);
  const unitName =
    units.data?.find((u) => u.id === orgUnitId)?.name ?? (orgUnitId === me?.org ? me?.orgName : null) ?? orgUnitId;

  if (me && !allowed) return <Result status="403" title={t('statsNotForRole')} />;

  const update = (next: Record<string, string>) => setParams({ unit: orgUnitId, ...next }, { replace: true });
  const choosePreset = (p: PeriodPreset) =>
    update(p === 'custom' ? { period: 'custom', from: period.from, to: period.to } : { period: p });

  const font = { fontSize: token.fontSize, fontFamily: token.fontFamily };
  const colors = [token.colorPrimary, token.colorSuccess, token.colorWarning];
  const spansYears = period.from.slice(0, 4) !== period.to.slice(0, 4);
  const dayText = (d: string) => formatDay(d, lang, -1);
  const total = byMonth.data?.total;
  const error: Error | null = byMonth.error ?? byUnit.error ?? byCategory.error;
  const csvLink = (groupBy: 'month' | 'childUnit' | 'category', testId: string) =>
    scope && (
      <Typography.Link href={statsCsvHref(scope, groupBy)} download data-testid={testId}>
        <DownloadOutlined aria-hidden /> {t('statsCsvThis')}
      </Typography.Link>
    );

  // Figures never wrap, nor does a Chinese heading inside a word (「案件 / 数」); English headings wrap at spaces.
  const nowrap = () => ({ style: { whiteSpace: 'nowrap' as const } });
  const keepWords = () => ({ style: { wordBreak: 'keep-all' as const } });
  const countColumns = <R extends StatsBucket>(first: TableColumnsType<R>[number]): TableColumnsType<R> => [
    first,
    ...(
      [
        { title: t('statsColTotal'), key: 'total', render: (_, b) => b.total },
        { title: t('statsColClosed'), key: 'closed', render: (_, b) => b.closed },
        { title: t('statsColResolved'), key: 'resolved', render: (_, b) => b.resolved },
        { title: t('statsKpiResolution'), key: 'resolutionRate', render: (_, b) => rate(b.rates.resolutionRate) },
        { title: t('statsKpiOnTime'), key: 'onTimeRate', render: (_, b) => rate(b.rates.onTimeRate) },
        { title: t('statsKpiOverdue'), key: 'overdueOpen', render: (_, b) => b.overdueOpen },
        { title: t('statsKpiRisk'), key: 'riskRaised', render: (_, b) => b.riskRaised },
      ] satisfies TableColumnsType<R>
    ).map((c) => ({ ...c, align: 'right' as const, onHeaderCell: keepWords, onCell: nowrap })),
  ];

  const monthName = (key: string) => formatMonth(key, lang, spansYears);
  const unitLabel = (b: StatsBucket) =>
    b.key === orgUnitId ? t('statsOwnUnit', { name: b.name ?? b.key }) : (b.name ?? b.key);
  /** On the chart's axis, without the words the child shares with the unit (蕉南街道…): the table has the full name. */
  const unitAxisLabel = (b: StatsBucket) =>
    b.key === orgUnitId ? t('statsOwnUnitShort') : withoutCommonPrefix(b.name ?? b.key, unitName);
  const categoryName = (key: string) =>
    key === 'none' ? t('statsCategoryNone') : labelOf(CATEGORY_LABELS, key as Category, lang);
  const levelName = (level: string) =>
    level === 'none' ? t('statsLevelNone') : level === '0' ? t('statsLevelZero') : t('escalationLevel', { level });

  const months = byMonth.data?.buckets ?? [];
  const childUnits = byUnit.data?.buckets ?? [];
  const categories = byCategory.data?.buckets ?? [];
  const levels = total ? escalationLevels(total.byEscalationLevel) : [];
  const seriesTotalResolved = (buckets: StatsBucket[]) => [
    { name: t('statsColTotal'), data: buckets.map((b) => b.total) },
    { name: t('statsColResolved'), data: buckets.map((b) => b.resolved) },
  ];

  return (
    <Flex vertical gap={12} data-testid="stats-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        <Space>
          <BarChartOutlined aria-hidden />
          {t('statsTitle')}
        </Space>
      </Typography.Title>
      <Card size="small">
        <Flex wrap gap={12} align="center">
          <Space size={8}>
            <span id="stats-unit-label">{t('statsUnit')}</span>
            <TreeSelect
              showSearch
              treeNodeFilterProp="title"
              treeDefaultExpandAll
              style={{ width: 340 }}
              value={orgUnitId || undefined}
              treeData={tree}
              onChange={(v: string) => update({ period: preset, ...(preset === 'custom' ? period : {}), unit: v })}
              aria-labelledby="stats-unit-label"
              data-testid="stats-unit"
            />
          </Space>
          <Radio.Group
            optionType="button"
            value={preset}
            onChange={(e) => choosePreset(e.target.value as PeriodPreset)}
            aria-label={t('statsPeriod')}
            data-testid="stats-preset"
            options={PERIOD_PRESETS.map((p) => ({ value: p, label: t(`statsPreset_${p}`) }))}
          />
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(period.from), dayjs(period.to)]}
            disabledDate={(d) => d.format('YYYY-MM-DD') > today}
            onChange={(range) => {
              const [from, to] = range ?? [];
              if (from && to)
                update({ period: 'custom', from: from.format('YYYY-MM-DD'), to: to.format('YYYY-MM-DD') });
            }}
            aria-label={t('statsPeriod')}
            data-testid="stats-range"
          />
          <Flex flex={1} justify="end">
            {scope && (
              <Button
                href={statsCsvHref(scope, 'childUnit')}
                download
                icon={<DownloadOutlined />}
                data-testid="stats-csv"
              >
                {t('statsCsv')}
              </Button>
            )}
          </Flex>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }} data-testid="stats-scope">
          {t('statsScope', { unit: unitName, from: dayText(period.from), to: dayText(period.to) })}
        </Typography.Paragraph>
      </Card>
      {error && (
        <Alert
          type="error"
          showIcon
          title={error instanceof ApiError && error.status === 403 ? t('statsForbidden') : t('loadFailed')}
          description={error.message}
          action={
            <Button
              onClick={() => {
                void byMonth.refetch();
                void byUnit.refetch();
                void byCategory.refetch();
              }}
            >
              {t('retry')}
            </Button>
          }
        />
      )}
      {!total ? (
        !error && <Spin style={{ display: 'block', margin: '10vh auto' }} />
      ) : (
        <>
          <StatsKpis metrics={total} loading={byMonth.isPlaceholderData} />
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <ChartCard
                title={t('statsByMonth')}
                extra={csvLink('month', 'stats-csv-month')}
                summary={t('statsByMonthSummary', { n: months.length })}
                testId="stats-month"
                empty={total.total === 0}
                loading={byMonth.isPlaceholderData}
                height={320}
                option={barOption({
                  categories: months.map((b) => monthName(b.key)),
                  series: seriesTotalResolved(months),
                  colors,
                  ...font,
                })}
                rowKey="key"
                rows={months}
                columns={countColumns({
                  title: t('statsColMonth'),
                  dataIndex: 'key',
                  render: (k: string) => monthName(k),
                })}
              />
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard
                title={t('statsByUnit')}
                extra={csvLink('childUnit', 'stats-csv-unit')}
                summary={t('statsByUnitSummary', { n: childUnits.length })}
                testId="stats-unit-chart"
                empty={childUnits.length === 0}
                loading={byUnit.isPlaceholderData}
                height={Math.max(240, childUnits.length * 56 + 60)}
                option={barOption({
                  categories: childUnits.map(unitAxisLabel),
                  series: seriesTotalResolved(childUnits),
                  horizontal: true,
                  labelWidth: 15 * token.fontSize,
                  colors,
                  ...font,
                })}
                rowKey="key"
                rows={childUnits}
                columns={countColumns({
                  title: t('statsColUnit'),
                  key: 'name',
                  render: (_: unknown, b: StatsBucket) => unitLabel(b),
                })}
              />
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard
                title={t('statsByCategory')}
                extra={csvLink('category', 'stats-csv-category')}
                summary={t('statsByCategorySummary', { n: categories.length })}
                testId="stats-category"
                empty={categories.length === 0}
                loading={byCategory.isPlaceholderData}
                height={Math.max(240, categories.length * 36 + 60)}
                option={barOption({
                  categories: categories.map((b) => categoryName(b.key)),
                  series: [{ name: t('statsColTotal'), data: categories.map((b) => b.total) }],
                  horizontal: true,
                  labelWidth: 8 * token.fontSize,
                  colors,
                  ...font,
                })}
                rowKey="key"
                rows={categories}
                columns={countColumns({
                  title: t('statsColCategory'),
                  dataIndex: 'key',
                  render: (k: string) => categoryName(k),
                })}
              />
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard
                title={t('statsByLevel')}
                summary={t('statsByLevelSummary', { n: levels.length })}
                testId="stats-level"
                empty={levels.length === 0}
                loading={byMonth.isPlaceholderData}
                height={240}
                option={barOption({
                  categories: levels.map((l) => levelName(l.level)),
                  series: [{ name: t('statsColTotal'), data: levels.map((l) => l.count) }],
                  colors,
                  ...font,
                })}
                rowKey="level"
                rows={levels}
                columns={[
                  { title: t('statsColLevel'), dataIndex: 'level', render: (l: string) => levelName(l) },
                  { title: t('statsColTotal'), dataIndex: 'count', align: 'right' },
                ]}
              />
            </Col>
          </Row>
        </>
      )}
    </Flex>
  );
}
