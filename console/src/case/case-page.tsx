/** S4 案件详情: header, Steps, deadline cards, parties, the action bar (Ant Design Pro "advanced detail"). */
import { useRef } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Result,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
  Watermark,
} from 'antd';
import { ArrowLeftOutlined, AuditOutlined, PauseCircleOutlined, RiseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { AllowedAction, CaseParty } from '../api/client';
import { ApiError } from '../api/http';
import type { PartyRole, RiskLevel, Source } from '../../../domain/case-types';
import {
  CATEGORY_LABELS,
  PARTY_ROLE_LABELS,
  RISK_LABELS,
  SOURCE_LABELS,
  STAGE_LABELS,
  TRACK_LABELS,
  labelOf,
} from '../labels/labels';
import { useLang } from '../i18n/use-lang';
import { useServerNow } from '../components/use-server-now';
import { formatDay, formatInstant } from '../components/format';
import { useSession } from '../auth/session';
import { useAllowedActions, useCase } from './case-api';
import { useUserNames } from '../components/names';
import { useOrgUnitNames } from '../org/org-api';
import { CaseSteps } from './case-steps';
import { DeadlineCards } from './deadline-cards';
import { ActionBar } from './action-bar';
import { CaseRecords } from './case-records';
import { CaseDocumentsMenu } from './case-documents-menu';

const RISK_COLOUR: Record<RiskLevel, string> = { low: 'green', medium: 'gold', high: 'red', critical: 'magenta' };

export default function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { me } = useSession();
  const now = useServerNow();
  const kase = useCase(id);
  const allowed = useAllowedActions(id, kase.data?.version);
  // The last actions loaded for this case stay when the next version's fail to load: unmounting the bar
  // would drop a form open in it (the server still refuses an action the case no longer allows).
  const lastActions = useRef<{ id: string; actions: AllowedAction[] } | null>(null);
  if (allowed.data) lastActions.current = { id, actions: allowed.data };
  const actions = allowed.data ?? (lastActions.current?.id === id ? lastActions.current.actions : undefined);
  const units = useOrgUnitNames();
  const users = useUserNames();

  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => void navigate('/')}
      style={{ paddingInline: 0, alignSelf: 'flex-start' }}
    >
      {t('backToQueue')}
    </Button>
  );
  if (kase.isPending) return <Skeleton active />;
  // A failed refetch keeps the case it had: the page, and a form open on it, stay (a banner says so);
  // not when the case is gone from the user's sight (moved away, or another user signed in).
  const status = kase.error instanceof ApiError ? kase.error.status : 0;
  if (kase.isError && (!kase.data || status === 404 || status === 403)) {
    return (
      <Result
        status={status === 404 || status === 403 ? '404' : 'error'}
        title={status === 404 || status === 403 ? t('notFound') : t('loadFailed')}
        extra={back}
      />
    );
  }
  const c = kase.data;
  const risk = c.riskLevel;
  const partyColumns = [
    {
      title: t('partyRole'),
      dataIndex: 'role',
      width: 110,
      render: (r: PartyRole) => labelOf(PARTY_ROLE_LABELS, r, lang),
    },
    {
      title: t('partyName'),
      dataIndex: 'name',
      width: 240,
      render: (name: string, p: CaseParty) => {
        const guardian = p.guardian as { name?: string } | null | undefined;
        return p.minor === true ? (
          <>
            {name} <Tag color="purple">{t('intakeMinorLabel')}</Tag>
            {guardian?.name && (
              <Typography.Text type="secondary">
                {t('intakeGuardian')}：{guardian.name}
              </Typography.Text>
            )}
          </>
        ) : (
          name
        );
      },
    },
    { title: t('idNumber'), dataIndex: 'idNumberMasked', render: (v: string | null) => v ?? '—' },
    { title: t('phone'), dataIndex: 'phoneMasked', render: (v: string | null) => v ?? '—' },
  ];

  return (
    // Personal data on screen: a watermark with the viewer and the time (PIPL; console.md "Beyond").
    <Watermark
      content={[me?.name ?? '', formatInstant(new Date(now).toISOString(), lang)]}
      font={{ color: 'rgba(0,0,0,.06)' }}
    >
      <Flex vertical gap={12}>
        {back}
        {(kase.isError || allowed.isError) && (
          <Alert type="warning" showIcon title={t('refreshFailed')} data-testid="refresh-failed" />
        )}
        <Card>
          <Flex vertical gap={16}>
            <Flex justify="space-between" align="start" wrap gap={12}>
              <Space size={12} wrap align="center">
                <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-no">
                  {c.caseNo}
                </Typography.Title>
                <Tag color="blue">{labelOf(STAGE_LABELS, c.stage, lang)}</Tag>
                <Tag color={RISK_COLOUR[risk]}>{labelOf(RISK_LABELS, risk, lang)}</Tag>
                {c.escalationLevel > 0 && (
                  <Tag icon={<RiseOutlined />} color="orange">
                    {t('escalationLevel', { level: c.escalationLevel })}
                  </Tag>
                )}
                {c.paused && (
                  <Tag icon={<PauseCircleOutlined />} color="default">
                    ⏸ {c.pausedSince ? t('pausedSince', { since: formatInstant(c.pausedSince, lang) }) : t('paused')}
                  </Tag>
                )}
              </Space>
              <Space size={12} wrap>
                {(me?.role === 'auditor' || me?.role === 'supervisor') && (
                  <Link to={`/audit/cases/${c.id}`}>
                    <Space size={4}>
                      <AuditOutlined />
                      {t('caseOpenAudit')}
                    </Space>
                  </Link>
                )}
                <CaseDocumentsMenu view={c} />
              </Space>
            </Flex>
            {c.paused && c.pauseReason && <Alert type="info" showIcon title={c.pauseReason} />}
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
              <Descriptions.Item label={t('colCategory')}>
                {labelOf(CATEGORY_LABELS, c.category, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={t('track')}>{labelOf(TRACK_LABELS, c.track, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('colSource')}>
                {labelOf(SOURCE_LABELS, c.source as Source | undefined, lang)}
              </Descriptions.Item>
              <Descriptions.Item label={t('colCreatedAt')}>{formatInstant(c.createdAt, lang)}</Descriptions.Item>
              <Descriptions.Item label={t('owner')}>
                {units.data?.get(c.ownerOrgUnitId) ?? c.ownerOrgUnitId}
              </Descriptions.Item>
              <Descriptions.Item label={t('colAssignee')}>
                {c.assigneeId ? (users.data?.get(c.assigneeId) ?? c.assigneeId) : t('unassigned')}
              </Descriptions.Item>
              <Descriptions.Item label={t('occurredOn')}>
                {c.occurredOn ? formatDay(c.occurredOn, lang) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('amount')}>
                {typeof c.amountCny === 'number' ? `¥${c.amountCny.toLocaleString('zh-CN')}` : '—'}
              </Descriptions.Item>
            </Descriptions>
            <Card size="small" title={t('actions')}>
              {actions ? (
                <ActionBar view={c} actions={actions} />
              ) : allowed.isError ? (
                <Typography.Text type="danger">{t('loadFailed')}</Typography.Text>
              ) : (
                <Skeleton.Button active />
              )}
            </Card>
          </Flex>
        </Card>
        <Card>
          <CaseSteps stage={c.stage} />
        </Card>
        <Card title={t('deadlines')}>
          <DeadlineCards deadlines={c.deadlines} now={now} pausedSince={c.pausedSince ?? null} />
        </Card>
        <Card title={t('summary')}>
          <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
            {c.summary ?? '—'}
          </Typography.Paragraph>
        </Card>
        <Card title={t('parties')}>
          <Table<CaseParty>
            size="small"
            rowKey={(p) => `${p.role}-${p.name}`}
            columns={partyColumns}
            dataSource={c.parties}
            pagination={false}
          />
        </Card>
        <CaseRecords view={c} />
      </Flex>
    </Watermark>
  );
}
