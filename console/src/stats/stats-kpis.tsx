/** The KPI cards of S7: each figure as `/api/v1/stats` answers it, the raw counts it comes from beneath. */
import type { ReactNode } from 'react';
import { Card, Col, Row, Typography, theme } from 'antd';
import { AlertOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { StatsMetrics } from './stats-api';
import { formatDays, formatRate } from './stats-format';

interface Kpi {
  key: string;
  title: string;
  /** The figure, or null when there is nothing to compute it from. */
  value: string | null;
  unit?: string;
  detail: string;
  /** An icon and words beside a figure that needs action: never colour alone. */
  alert?: ReactNode;
}

export function StatsKpis({ metrics, loading }: { metrics: StatsMetrics; loading: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const m = metrics;
  const kpis: Kpi[] = [
    {
      key: 'total',
      title: t('statsKpiTotal'),
      value: String(m.total),
      unit: t('statsUnitCases'),
      detail: t('statsKpiTotalDetail', { closed: m.closed }),
    },
    {
      key: 'resolutionRate',
      title: t('statsKpiResolution'),
      value: formatRate(m.rates.resolutionRate),
      detail: t('statsKpiResolutionDetail', { resolved: m.resolved, closed: m.closed }),
    },
    {
      key: 'grassrootsRate',
      title: t('statsKpiGrassroots'),
      value: formatRate(m.rates.grassrootsRate),
      detail: t('statsKpiGrassrootsDetail', { grassroots: m.resolvedAtGrassroots, resolved: m.resolved }),
    },
    {
      key: 'onTimeRate',
      title: t('statsKpiOnTime'),
      value: formatRate(m.rates.onTimeRate),
      detail: t('statsKpiOnTimeDetail', { met: m.mediationDeadlines.met, breached: m.mediationDeadlines.breached }),
    },
    {
      key: 'performanceRate',
      title: t('statsKpiPerformance'),
      value: formatRate(m.rates.performanceRate),
      detail: t('statsKpiPerformanceDetail', { resolved: m.resolved, unperformed: m.unperformedReferred }),
    },
    {
      key: 'overdueOpen',
      title: t('statsKpiOverdue'),
      value: String(m.overdueOpen),
      unit: t('statsUnitCases'),
      detail: t('statsKpiOverdueDetail'),
      alert:
        m.overdueOpen > 0 ? (
          <Typography.Text type="danger">
            <ExclamationCircleOutlined aria-hidden /> {t('statsNeedsAction')}
          </Typography.Text>
        ) : undefined,
    },
    {
      key: 'riskRaised',
      title: t('statsKpiRisk'),
      value: String(m.riskRaised),
      unit: t('statsUnitCases'),
      detail: t('statsKpiRiskDetail'),
      alert:
        m.riskRaised > 0 ? (
          <Typography.Text type="warning">
            <AlertOutlined aria-hidden /> {t('statsRiskNote')}
          </Typography.Text>
        ) : undefined,
    },
    {
      key: 'medianDaysToClose',
      title: t('statsKpiMedianDays'),
      value: formatDays(m.medianDaysToClose),
      unit: t('statsUnitDays'),
      detail: t('statsKpiMedianDaysDetail', { closed: m.closed }),
    },
  ];
  return (
    <Row gutter={[12, 12]} data-testid="stats-kpis">
      {kpis.map((k) => (
        <Col key={k.key} xs={24} sm={12} lg={6}>
          <Card size="small" style={{ height: '100%', opacity: loading ? 0.6 : 1 }} data-testid={`kpi-${k.key}`}>
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              {k.title}
            </Typography.Text>
            <div data-testid="kpi-value" style={{ fontSize: token.fontSizeHeading2, fontWeight: 600, lineHeight: 1.4 }}>
              {k.value === null ? (
                <>
                  —<span style={{ fontSize: token.fontSize, fontWeight: 400 }}>{t('statsNotComputable')}</span>
                </>
              ) : (
                <>
                  {k.value}
                  {k.unit && (
                    <span style={{ fontSize: token.fontSize, fontWeight: 400, marginInlineStart: 4 }}>{k.unit}</span>
                  )}
                </>
              )}
            </div>
            <Typography.Text type="secondary" data-testid="kpi-detail">
              {k.detail}
            </Typography.Text>
            {k.alert && <div>{k.alert}</div>}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
