/**
 * S10 管理 · 通知渠道 · 发送记录: what went out through the channels, newest first, filtered by status and
 * unit; each with its case, notice, channel, status (colour, icon and text), attempts, last error, when
 * it may go (a routine notice held for working hours says so) and when it went. A failed one can be sent
 * again; when it is no longer failed the API's 409 says why.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { App, Button, Empty, Flex, Select, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  ReloadOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/http';
import { ORG_KIND_LABELS, labelOf } from '../labels/labels';
import { useLang } from '../i18n/use-lang';
import { formatInstant } from '../components/format';
import { useServerNow } from '../components/use-server-now';
import { KindTag } from '../notifications/kind-tag';
import { buildTree, unitOptions, type OrgUnit } from '../org/org-api';
import {
  DELIVERIES_KEY,
  DELIVERY_STATUSES,
  retryDelivery,
  useDeliveries,
  type Channel,
  type Delivery,
  type DeliveryStatus,
} from './channels-api';
import { formatDayTime, isHeld, mayRetry, maskUrl, shorten, withoutCaseNo } from './channels-format';
import { StaleBanner } from '../components/stale-banner';

const STATUS_LOOK: Record<DeliveryStatus, { color: string; icon: ReactNode }> = {
  pending: { color: 'processing', icon: <ClockCircleOutlined /> },
  sent: { color: 'success', icon: <CheckCircleOutlined /> },
  failed: { color: 'error', icon: <CloseCircleOutlined /> },
};

export function DeliveriesTab({
  channels,
  units,
  enabled,
}: {
  channels: readonly Channel[];
  units: readonly OrgUnit[];
  enabled: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const now = useServerNow();
  const [status, setStatus] = useState<DeliveryStatus | undefined>();
  const [orgUnitId, setOrgUnitId] = useState<string | undefined>();
  const [retrying, setRetrying] = useState<string | null>(null);
  const deliveries = useDeliveries({ status, orgUnitId }, enabled);
  const unitName = useMemo(() => new Map(units.map((u) => [u.id, u.name])), [units]);
  const channelOf = useMemo(() => new Map(channels.map((c) => [c.id, c])), [channels]);
  const filterTree = useMemo(
    () => unitOptions(buildTree(units), (k) => labelOf(ORG_KIND_LABELS, k, lang)).map(enableAll),
    [units, lang],
  );

  const retry = async (d: Delivery) => {
    setRetrying(d.id);
    try {
      await retryDelivery(d.id);
      void message.success(t('deliveryRetried'));
    } catch (err) {
      const text = err instanceof ApiError || err instanceof Error ? err.message : String(err);
      void message.error(`${t('deliveryRetryFailed')}: ${text}`);
    } finally {
      setRetrying(null);
      await queryClient.invalidateQueries({ queryKey: DELIVERIES_KEY });
    }
  };

  const columns: TableColumnsType<Delivery> = [
    {
      title: t('deliveryCase'),
      key: 'case',
      width: 160,
      render: (_: unknown, d) => (
        <Link to={`/cases/${encodeURIComponent(d.notification.caseId)}`} data-testid="delivery-case">
          {d.notification.caseNo}
        </Link>
      ),
    },
    {
      title: t('deliveryTitle'),
      key: 'title',
      render: (_: unknown, d) => (
        <Flex gap={6} align="baseline" title={d.notification.detail}>
          <KindTag kind={d.notification.kind} />
          {/* The case number is in its own column. */}
          <span>{withoutCaseNo(d.notification.title, d.notification.caseNo)}</span>
        </Flex>
      ),
    },
    {
      title: t('deliveryChannel'),
      key: 'channel',
      width: 230,
      render: (_: unknown, d) => {
        const c = channelOf.get(d.channelId);
        return (
          <Flex vertical>
            <span>
              {unitName.get(d.orgUnitId) ?? d.orgUnitId} · {c ? t(`channelKind_${c.kind}`) : t('channelRemoved')}
            </span>
            {c && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} title={maskUrl(c.url)}>
                {shorten(maskUrl(c.url), 32)}
              </Typography.Text>
            )}
          </Flex>
        );
      },
    },
    {
      title: t('deliveryStatus'),
      dataIndex: 'status',
      width: 100,
      render: (s: DeliveryStatus) => (
        <Tag color={STATUS_LOOK[s].color} icon={STATUS_LOOK[s].icon} data-testid="delivery-status">
          {t(`delivery_${s}`)}
        </Tag>
      ),
    },
    {
      title: t('deliveryAttempts'),
      dataIndex: 'attempts',
      width: 90,
      align: 'right',
      render: (n: number) => <span data-testid="delivery-attempts">{n}</span>,
    },
    {
      title: t('deliveryLastError'),
      dataIndex: 'lastError',
      width: 200,
      ellipsis: true,
      render: (e: string | null) =>
        e ? (
          <Typography.Text type="danger" title={e} data-testid="delivery-error">
            {e}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    {
      title: t('deliveryNotBefore'),
      dataIndex: 'notBefore',
      width: 190,
      render: (_: string, d) =>
        isHeld(d, now) ? (
          <Tag icon={<ClockCircleOutlined />} color="gold">
            {t('deliveryHeld', { at: formatDayTime(d.notBefore, lang, now) })}
          </Tag>
        ) : (
          formatInstant(d.notBefore, lang)
        ),
    },
    {
      title: t('deliverySentAt'),
      dataIndex: 'sentAt',
      width: 140,
      render: (s: string | null) => formatInstant(s, lang),
    },
    {
      title: t('colOperations'),
      key: 'ops',
      width: 110,
      render: (_: unknown, d) =>
        mayRetry(d, now) ? (
          <Button
            size="small"
            icon={<SendOutlined />}
            loading={retrying === d.id}
            onClick={() => void retry(d)}
            data-testid="delivery-retry"
          >
            {t('deliveryRetry')}
          </Button>
        ) : null,
    },
  ];

  const items = useMemo(() => deliveries.data?.pages.flatMap((p) => p.items) ?? [], [deliveries.data]);
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={8}>
        <Flex gap={8}>
          <Select
            allowClear
            placeholder={t('deliveryAllStatus')}
            style={{ width: 160 }}
            value={status}
            onChange={(v) => setStatus(v)}
            options={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`delivery_${s}`) }))}
            aria-label={t('deliveryStatus')}
            data-testid="delivery-status-filter"
          />
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('allUnits')}
            style={{ width: 320 }}
            value={orgUnitId}
            onChange={(v) => setOrgUnitId(v)}
            treeData={filterTree}
            aria-label={t('channelUnit')}
          />
        </Flex>
        <Flex gap={12} align="center">
          <Button
            icon={<ReloadOutlined />}
            loading={deliveries.isFetching && !deliveries.isPending}
            onClick={() => void deliveries.refetch()}
            data-testid="deliveries-refresh"
          >
            {t('refresh')}
          </Button>
        </Flex>
      </Flex>
      <StaleBanner
        failed={deliveries.isError && items.length > 0}
        onRetry={() => void (deliveries.isFetchNextPageError ? deliveries.fetchNextPage() : deliveries.refetch())}
      />
      <Table<Delivery>
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={deliveries.isPending && enabled}
        pagination={false}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={deliveries.isError ? t('loadFailed') : t('deliveryNone')}
            />
          ),
        }}
        data-testid="deliveries-table"
      />
      {deliveries.hasNextPage && (
        <Flex justify="center">
          <Button
            loading={deliveries.isFetchingNextPage}
            onClick={() => void deliveries.fetchNextPage()}
            data-testid="deliveries-more"
          >
            {t('loadMore')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}

/** In a filter every unit may be picked, closed ones included. */
function enableAll<T extends { disabled?: boolean; children?: T[] }>(o: T): T {
  return { ...o, disabled: false, children: o.children?.map(enableAll) };
}
