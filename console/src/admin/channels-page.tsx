/**
 * S10 管理 · 通知渠道: each unit's outbound channels (webhook, DingTalk and WeCom robots) with their
 * address masked, whether a secret is set, when routine notices go and which kinds they take; add, edit,
 * disable / enable and delete. The second tab lists what was sent through them (channels-deliveries.tsx).
 */
import { useMemo, useState } from 'react';
import { App, Button, Empty, Flex, Modal, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import {
  CheckCircleOutlined,
  LockOutlined,
  MinusCircleOutlined,
  PlusOutlined,
  ReloadOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useSession } from '../auth/session';
import { KindTag } from '../notifications/kind-tag';
import { useOrgUnits } from '../org/org-api';
import { CHANNELS_KEY, deleteChannel, updateChannel, useChannels, type Channel } from './channels-api';
import { DeliveriesTab } from './channels-deliveries';
import { ChannelFormModal } from './channels-form';
import { maskUrl, shorten } from './channels-format';

type Tab = 'channels' | 'deliveries';

export default function ChannelsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'deliveries' ? 'deliveries' : 'channels';
  const isAdmin = me?.role === 'admin';
  const channels = useChannels(isAdmin);
  const units = useOrgUnits();
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const [editing, setEditing] = useState<{ channel: Channel | null } | null>(null);
  const [deleting, setDeleting] = useState<Channel | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (me && !isAdmin) return <Navigate to="/" replace />;

  const reload = () => queryClient.invalidateQueries({ queryKey: CHANNELS_KEY });

  const toggle = async (c: Channel) => {
    setBusy(c.id);
    try {
      await updateChannel(c.id, { disabled: !c.disabled });
      await reload();
      void message.success(t('saved'));
    } catch (err) {
      void message.error(`${t('saveFailed')}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    if (!deleting || busy) return;
    // One DELETE per confirmation: a second click would answer 404 and say 保存失败 after a deletion.
    setBusy(deleting.id);
    try {
      await deleteChannel(deleting.id);
      await reload();
      void message.success(t('channelDeleted'));
      setDeleting(null);
    } catch (err) {
      void message.error(`${t('saveFailed')}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<Channel> = [
    {
      title: t('channelUnit'),
      dataIndex: 'orgUnitId',
      render: (id: string) => unitName.get(id) ?? id,
    },
    {
      title: t('channelKind'),
      dataIndex: 'kind',
      width: 150,
      render: (k: Channel['kind']) => t(`channelKind_${k}`),
    },
    {
      title: t('channelUrl'),
      dataIndex: 'url',
      width: 300,
      render: (url: string) => {
        const masked = maskUrl(url);
        return (
          <Typography.Text code title={masked} data-testid="channel-url" style={{ whiteSpace: 'nowrap' }}>
            {shorten(masked, 40)}
          </Typography.Text>
        );
      },
    },
    {
      title: t('channelSecret'),
      dataIndex: 'hasSecret',
      width: 110,
      render: (has: boolean) =>
        has ? (
          <span>
            <LockOutlined aria-hidden /> {t('channelHasSecret')}
          </span>
        ) : (
          <Typography.Text type="secondary">{t('channelNoSecret')}</Typography.Text>
        ),
    },
    {
      title: t('channelImmediate'),
      dataIndex: 'immediate',
      width: 160,
      render: (v: boolean) => (v ? t('yes') : t('no')),
    },
    {
      title: t('channelEvents'),
      dataIndex: 'events',
      width: 190,
      render: (events: Channel['events']) =>
        events ? (
          <Flex gap={4} wrap>
            {events.map((k) => (
              <KindTag key={k} kind={k} />
            ))}
          </Flex>
        ) : (
          t('channelEventsAll')
        ),
    },
    {
      title: t('channelStatus'),
      dataIndex: 'disabled',
      width: 100,
      render: (d: boolean) =>
        d ? (
          <Tag icon={<MinusCircleOutlined />} color="default" data-testid="channel-status">
            {t('channelDisabled')}
          </Tag>
        ) : (
          <Tag icon={<CheckCircleOutlined />} color="success" data-testid="channel-status">
            {t('channelEnabled')}
          </Tag>
        ),
    },
    {
      title: t('colOperations'),
      key: 'ops',
      width: 190,
      render: (_: unknown, c) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing({ channel: c })}>
            {t('channelEditShort')}
          </Button>
          <Button type="link" size="small" loading={busy === c.id} onClick={() => void toggle(c)}>
            {t(c.disabled ? 'channelEnable' : 'channelDisable')}
          </Button>
          <Button type="link" size="small" danger onClick={() => setDeleting(c)}>
            {t('channelDelete')}
          </Button>
        </Space>
      ),
    },
  ];

  const channelsTab = (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={12}>
        <Typography.Text type="secondary">{t('channelsHint')}</Typography.Text>
        <Flex gap={8} style={{ flex: 'none' }}>
          <Button icon={<ReloadOutlined />} onClick={() => void channels.refetch()}>
            {t('refresh')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="channel-create"
            onClick={() => setEditing({ channel: null })}
          >
            {t('channelCreate')}
          </Button>
        </Flex>
      </Flex>
      <Table<Channel>
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={channels.data ?? []}
        loading={channels.isPending && isAdmin}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowClassName={(c) => (c.disabled ? 'row-disabled' : '')}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={channels.isError ? t('loadFailed') : t('channelNone')}
            />
          ),
        }}
        data-testid="channels-table"
      />
    </Flex>
  );

  return (
    <Flex vertical gap={8}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('channels')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'deliveries' ? { tab: key } : {}, { replace: true })}
        items={[
          { key: 'channels', label: t('channelsTab'), children: channelsTab },
          {
            key: 'deliveries',
            label: t('deliveriesTab'),
            children: <DeliveriesTab channels={channels.data ?? []} units={units.data ?? []} enabled={isAdmin} />,
          },
        ]}
      />
      <ChannelFormModal
        open={editing !== null}
        channel={editing?.channel ?? null}
        units={units.data ?? []}
        onClose={() => setEditing(null)}
        onSaved={reload}
      />
      <Modal
        open={deleting !== null}
        title={
          <span>
            <StopOutlined aria-hidden /> {t('channelDelete')}
          </span>
        }
        okText={t('channelDelete')}
        okButtonProps={{ danger: true }}
        cancelText={t('cancel')}
        confirmLoading={busy !== null && busy === deleting?.id}
        onCancel={() => setDeleting(null)}
        onOk={() => void remove()}
      >
        {deleting &&
          t('channelDeleteConfirm', {
            unit: unitName.get(deleting.orgUnitId) ?? deleting.orgUnitId,
            kind: t(`channelKind_${deleting.kind}`),
          })}
      </Modal>
    </Flex>
  );
}
