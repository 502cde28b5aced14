/** Every deadline of the case, not only the nearest, each with 「期限怎么算的」. */
import { Card, Col, Empty, Popover, Row, Space, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Deadline } from '../api/client';
import { DEADLINE_KIND_LABELS, PERIOD_UNIT_LABELS, labelOf } from '../labels/labels';
import { DeadlineTag } from '../components/deadline-tag';
import { formatDay } from '../components/format';
import { useLang } from '../i18n/use-lang';

export function DeadlineCards({
  deadlines,
  now,
  pausedSince,
}: {
  deadlines: Deadline[];
  now: number;
  pausedSince: string | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  if (deadlines.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noDeadlines')} />;
  const order = ['running', 'paused', 'breached', 'met', 'expired', 'cancelled'];
  const sorted = [...deadlines].sort(
    (a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.dueAt.localeCompare(b.dueAt),
  );
  return (
    <Row gutter={[12, 12]}>
      {sorted.map((d, i) => {
        const explain = (
          <Space direction="vertical" size={2} style={{ maxWidth: 360 }}>
            <span>
              {t('period')}: {d.amount} {labelOf(PERIOD_UNIT_LABELS, d.unit, lang)}
            </span>
            <span>{t('startedOn', { date: formatDay(d.startedOn, lang) })}</span>
            <span>
              {t('basis')}: {d.basis}
            </span>
            {d.originalDueDate !== d.dueDate && (
              <span>{t('originalDueDate', { date: formatDay(d.originalDueDate, lang) })}</span>
            )}
            {d.provisional && <Typography.Text type="warning">{t('provisional')}</Typography.Text>}
          </Space>
        );
        return (
          <Col key={`${d.kind}-${i}`} xs={24} sm={12} xl={8}>
            <Card size="small" data-testid="deadline-card">
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Typography.Text strong>{labelOf(DEADLINE_KIND_LABELS, d.kind, lang)}</Typography.Text>
                <DeadlineTag deadline={d} now={now} pausedSince={pausedSince} showDueDate={false} showKind={false} />
                <Typography.Text>
                  {t('dueDateOn', { date: formatDay(d.dueDate, lang) })}
                  {d.provisional && ` (${lang === 'zh' ? '暂定' : 'provisional'})`}
                </Typography.Text>
                <Popover title={t('howCounted')} content={explain}>
                  <Typography.Link>
                    <QuestionCircleOutlined /> {t('howCounted')}
                  </Typography.Link>
                </Popover>
              </Space>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
