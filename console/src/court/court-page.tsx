/** S5 司法确认: the court liaison's queue. 待接收 (take-over clock) · 审查中 (decision clock) · 已裁定. */
import { useRef, useState } from 'react';
import {
  App,
  Badge,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Table,
  Tabs,
  Tag,
  Typography,
  theme,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { PauseCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { ApiError, newIdempotencyKey, requestJson } from '../api/http';
import type { Category, DeadlineKind, Stage } from '../../../domain/case-types';
import { CATEGORY_LABELS, STAGE_LABELS, labelOf } from '../labels/labels';
import { DeadlineTag } from '../components/deadline-tag';
import { headlineDeadline } from '../components/deadline-display';
import { useServerNow } from '../components/use-server-now';
import { isAfterToday, todayPickerValue } from '../components/civil-day';
import { formatDay, formatInstant } from '../components/format';
import { partiesLine } from '../components/parties-line';
import { useOrgUnitNames } from '../org/org-api';
import { useLang } from '../i18n/use-lang';
import { useSession } from '../auth/session';
import type { MessageKey } from '../i18n/messages';
import { COURT_TABS, rulingOf, useCourtTab, type CourtCase, type CourtTab } from './court-api';
import { StaleBanner } from '../components/stale-banner';
import { validFields } from '../components/valid-fields';

const TAB_LABEL: Record<CourtTab, MessageKey> = {
  incoming: 'courtTabIncoming',
  review: 'courtTabReview',
  ruled: 'courtTabRuled',
};

/** The clock each tab is about. */
const TAB_CLOCK: Partial<Record<CourtTab, DeadlineKind>> = {
  incoming: 'takeover',
  review: 'confirmation_decision',
};

function isCourtTab(v: string | null): v is CourtTab {
  return v !== null && (COURT_TABS as readonly string[]).includes(v);
}

interface RulingForm {
  decision?: 'confirmed' | 'rejected';
  ruledOn?: Dayjs;
  reason?: string;
}

export default function CourtPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const lang = useLang();
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab: CourtTab = isCourtTab(params.get('tab')) ? (params.get('tab') as CourtTab) : 'incoming';
  const court = me?.org;
  const lists = {
    incoming: useCourtTab('incoming', court),
    review: useCourtTab('review', court),
    ruled: useCourtTab('ruled', court),
  };
  const current = lists[tab];
  const units = useOrgUnitNames();
  const now = useServerNow();
  const [ruling, setRuling] = useState<{ c: CourtCase; key: string } | null>(null);
  const lastRuled = useRef('');
  if (ruling) lastRuled.current = ruling.c.caseNo;
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<RulingForm>();

  const open = (c: CourtCase) => void navigate(`/cases/${encodeURIComponent(c.id)}`);
  const unitName = (id: string | undefined | null) => (id ? (units.data?.get(id) ?? id) : '—');

  const act = async (c: CourtCase, action: string, body: Record<string, unknown>, key: string) => {
    await requestJson('POST', `/api/v1/cases/${encodeURIComponent(c.id)}/actions/${action}`, body, {
      'If-Match': `"${c.version}"`,
      'Idempotency-Key': key,
    });
    // The case left this tab for another: every tab's list (and badge) is read again.
    await queryClient.invalidateQueries({ queryKey: ['cases'], refetchType: 'all' });
  };

  const failText = (err: unknown) =>
    err instanceof ApiError && err.status === 412 ? t('staleCase') : err instanceof Error ? err.message : String(err);

  const takeOver = (c: CourtCase) => {
    const key = newIdempotencyKey();
    modal.confirm({
      title: t('takeOver'),
      content: t('takeOverConfirm', { caseNo: c.caseNo }),
      okText: t('takeOver'),
      cancelText: t('cancel'),
      onOk: async () => {
        try {
          await act(c, 'take-over', {}, key);
          void message.success(`${c.caseNo} · ${t('takeOver')} · ${t('actionDone')}`);
        } catch (err) {
          void message.error(`${t('actionFailed')}: ${failText(err)}`);
          if (err instanceof ApiError && err.status === 412)
            void queryClient.invalidateQueries({ queryKey: ['cases'] });
        }
      },
    });
  };

  const submitRuling = async () => {
    if (!ruling) return;
    const v = await validFields(form);
    setBusy(true);
    try {
      await act(
        ruling.c,
        'record-confirmation',
        {
          decision: v.decision,
          ruledOn: v.ruledOn!.format('YYYY-MM-DD'),
          ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        },
        ruling.key,
      );
      void message.success(`${ruling.c.caseNo} · ${t('recordRuling')} · ${t('actionDone')}`);
      setRuling(null);
      setParams({ tab: 'ruled' });
    } catch (err) {
      const raw: unknown = err instanceof ApiError ? err.problem : null;
      const problem = raw as { errors?: Array<{ path: string; message: string }> } | null;
      const fields = (problem?.errors ?? []).filter((e) => ['decision', 'ruledOn', 'reason'].includes(e.path));
      if (fields.length) form.setFields(fields.map((e) => ({ name: e.path as keyof RulingForm, errors: [e.message] })));
      else void message.error(`${t('actionFailed')}: ${failText(err)}`);
      if (err instanceof ApiError && err.status === 412) {
        // Someone acted first and nothing was applied: the ruling stays as typed, now against the case as it
        // is (a new key); confirming again sends it, or is refused with the reason if it no longer applies.
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        const { id } = ruling.c;
        const fresh = await requestJson<CourtCase>('GET', `/api/v1/cases/${encodeURIComponent(id)}`).catch(() => null);
        if (!fresh)
          setRuling(null); // gone from this court's sight: the lists say where it is now
        // Unless the dialog was closed (or moved to another case) meanwhile.
        else setRuling((r) => (r && r.c.id === id ? { c: fresh, key: newIdempotencyKey() } : r));
      }
    } finally {
      setBusy(false);
    }
  };

  const clockOf = (c: CourtCase) => {
    const kind = TAB_CLOCK[tab];
    const d =
      (kind && c.deadlines.find((x) => x.kind === kind && x.status !== 'cancelled')) ?? headlineDeadline(c.deadlines);
    return d ? (
      <DeadlineTag deadline={d} now={now} pausedSince={c.pausedSince ?? null} showKind />
    ) : (
      <Typography.Text type="secondary">{t('noDeadline')}</Typography.Text>
    );
  };

  const columns: TableColumnsType<CourtCase> = [
    {
      title: t('colCaseNo'),
      dataIndex: 'caseNo',
      width: 170,
      render: (no: string, c) => (
        <Flex gap={4} align="center">
          <Typography.Link strong onClick={() => open(c)}>
            {no}
          </Typography.Link>
          {c.paused && <PauseCircleOutlined aria-label={t('paused')} style={{ color: '#8c8c8c' }} />}
        </Flex>
      ),
    },
    {
      title: t('colCategory'),
      dataIndex: 'category',
      width: 100,
      render: (v: Category) => labelOf(CATEGORY_LABELS, v, lang),
    },
    {
      title: t('colParties'),
      key: 'parties',
      width: 200,
      ellipsis: true,
      render: (_: unknown, c) => partiesLine(c.parties, lang),
    },
    {
      title: t(tab === 'ruled' ? 'owner' : 'colFromUnit'),
      key: 'from',
      width: 260,
      ellipsis: true,
      // Under review the case keeps its transfer; once ruled it is back with its unit.
      render: (_: unknown, c) =>
        unitName(tab === 'ruled' ? c.ownerOrgUnitId : (c.transfer?.fromOrgUnitId ?? c.originOrgUnitId)),
    },
  ];
  if (tab === 'incoming')
    columns.push({
      title: t('colTransferredAt'),
      key: 'at',
      width: 140,
      render: (_: unknown, c) => formatInstant(c.transfer?.at, lang),
    });
  if (tab !== 'ruled')
    columns.push(
      { title: t('colClock'), key: 'clock', width: 300, render: (_: unknown, c) => clockOf(c) },
      {
        title: t('colOperations'),
        key: 'ops',
        width: 120,
        render: (_: unknown, c) =>
          tab === 'incoming' ? (
            <Button type="primary" size="small" data-testid="take-over" onClick={() => takeOver(c)}>
              {t('takeOver')}
            </Button>
          ) : (
            <Button
              type="primary"
              size="small"
              data-testid="record-ruling"
              onClick={() => {
                form.resetFields();
                setRuling({ c, key: newIdempotencyKey() });
              }}
            >
              {t('recordRuling')}
            </Button>
          ),
      },
    );
  else
    columns.push(
      {
        title: t('colRuling'),
        key: 'ruling',
        width: 110,
        render: (_: unknown, c) => {
          const r = rulingOf(c, court);
          return r ? (
            <Tag color={r.decision === 'confirmed' ? 'success' : 'error'} data-testid="ruling">
              {t(r.decision === 'confirmed' ? 'decisionConfirmed' : 'decisionRejected')}
            </Tag>
          ) : null;
        },
      },
      {
        title: t('colRuledOn'),
        key: 'ruledOn',
        width: 110,
        render: (_: unknown, c) => {
          const r = rulingOf(c, court);
          return r ? formatDay(r.ruledOn, lang) : '—';
        },
      },
      {
        title: t('colNowStage'),
        dataIndex: 'stage',
        width: 110,
        render: (s: Stage) => <Tag>{labelOf(STAGE_LABELS, s, lang)}</Tag>,
      },
    );

  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('courtQueue')}
          {me?.orgName && (
            <Typography.Text
              type="secondary"
              style={{ fontSize: token.fontSize, fontWeight: 400, marginInlineStart: 12 }}
            >
              {me.orgName}
            </Typography.Text>
          )}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => void queryClient.invalidateQueries({ queryKey: ['cases'] })}>
          {t('refresh')}
        </Button>
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key })}
        items={COURT_TABS.map((k) => {
          const n = lists[k].data?.length;
          return {
            key: k,
            label: (
              <Flex gap={6} align="center" data-testid={`court-tab-${k}`}>
                {t(TAB_LABEL[k])}
                {n !== undefined && (
                  <Badge count={n} showZero overflowCount={99} color={n > 0 && k !== 'ruled' ? '#1677ff' : '#bfbfbf'} />
                )}
              </Flex>
            ),
          };
        })}
      />
      <StaleBanner failed={current.isError && !!current.data?.length} onRetry={() => void current.refetch()} />
      <Table<CourtCase>
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={current.data ?? []}
        loading={current.isPending}
        pagination={false}
        sticky
        locale={current.isError ? { emptyText: t('loadFailed') } : undefined}
        onRow={(c) => ({ onDoubleClick: () => open(c) })}
        footer={
          tab === 'ruled' ? () => <Typography.Text type="secondary">{t('ruledLimited')}</Typography.Text> : undefined
        }
      />
      <Modal
        open={ruling !== null}
        // The dialog keeps its name while it closes.
        title={`${t('recordRuling')} · ${ruling?.c.caseNo ?? lastRuled.current}`}
        okText={t('confirm')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        onCancel={() => setRuling(null)}
        onOk={() => void submitRuling().catch(() => undefined)}
        destroyOnHidden
      >
        <Form<RulingForm> form={form} layout="vertical" initialValues={{ ruledOn: todayPickerValue() }}>
          <Form.Item name="decision" label={t('decision')} rules={[{ required: true, message: t('decisionRequired') }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'confirmed', label: t('decisionConfirmed') },
                { value: 'rejected', label: t('decisionRejected') },
              ]}
            />
          </Form.Item>
          <Form.Item name="ruledOn" label={t('ruledOn')} rules={[{ required: true, message: t('ruledOnRequired') }]}>
            <DatePicker disabledDate={isAfterToday} allowClear={false} showNow={false} />
          </Form.Item>
          <Form.Item name="reason" label={`${t('reason')} ${t('optional')}`}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Typography.Text type="secondary">{t('ruledNote')}</Typography.Text>
        </Form>
      </Modal>
    </Flex>
  );
}
