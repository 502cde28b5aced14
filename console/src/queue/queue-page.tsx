/** S2 工作台: the queue tabs with counts, sorted by the next due instant; keyboard first; 「下一件」. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Badge, Button, Flex, Input, Modal, Table, Tabs, Tag, Tooltip, Typography, message } from 'antd';
import type { InputRef } from 'antd';
import type { TableColumnsType } from 'antd';
import {
  PauseCircleOutlined,
  ReloadOutlined,
  RightCircleOutlined,
  SwapOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { CaseView } from '../api/client';
import { QUEUE_VIEWS, type QueueView } from '../api/session-types';
import type { Category, RiskLevel, Source, Stage } from '../../../domain/case-types';
import { CATEGORY_LABELS, RISK_LABELS, SOURCE_LABELS, STAGE_LABELS, labelOf } from '../labels/labels';
import { DeadlineTag } from '../components/deadline-tag';
import { headlineDeadline } from '../components/deadline-display';
import { useServerNow } from '../components/use-server-now';
import { formatInstant } from '../components/format';
import { useLang } from '../i18n/use-lang';
import { fetchMostUrgent, useQueue, useQueueCounts } from './queue-api';
import { StaleBanner } from '../components/stale-banner';
import { IntakeButton } from '../intake/intake-button';
import { useUserNames } from '../components/names';
import { partiesLine } from '../components/parties-line';
import type { MessageKey } from '../i18n/messages';
import { useSession } from '../auth/session';
import { BulkModal, type BulkMode } from './bulk-actions';

const TAB_LABEL: Record<QueueView, MessageKey> = {
  unaccepted: 'tabUnaccepted',
  mine: 'tabMine',
  dueSoon: 'tabDueSoon',
  overdue: 'tabOverdue',
  paused: 'tabPaused',
  highRisk: 'tabHighRisk',
  incoming: 'tabIncoming',
};

const ALERT_VIEWS: ReadonlySet<QueueView> = new Set(['overdue', 'highRisk']);

function isQueueView(v: string | null): v is QueueView {
  return v !== null && (QUEUE_VIEWS as readonly string[]).includes(v);
}

/** Keys typed into a field are the field's, not the queue's. */
function typingInField(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export default function QueuePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const view: QueueView = isQueueView(params.get('view')) ? (params.get('view') as QueueView) : 'mine';
  // `/` search (console.md S2): the API's `q` (case number and summary) within the current tab, kept in
  // the address with the tab; typing applies after a pause, Enter at once, Esc clears.
  const q = (params.get('q') ?? '').trim();
  const [searchText, setSearchText] = useState(q);
  const searchRef = useRef<InputRef>(null);
  const queue = useQueue(view, q);
  const counts = useQueueCounts();
  const names = useUserNames();
  const now = useServerNow();
  const [cursor, setCursor] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);
  const [messages, contextHolder] = message.useMessage();
  const rows = useMemo(() => queue.data?.pages.flatMap((p) => p.items) ?? [], [queue.data]);
  // Supervisors select rows for bulk assign / transfer (console.md S2).
  const { me } = useSession();
  const canBulk = me?.role === 'supervisor';
  const [selected, setSelected] = useState<CaseView[]>([]);
  const [bulk, setBulk] = useState<BulkMode | null>(null);

  useEffect(() => {
    setCursor(0);
    setSelected([]);
  }, [view, q]);

  // The last search this page applied: a `q` that changes otherwise (a link, going back) replaces the box.
  const applied = useRef(q);
  const applySearch = useCallback(
    (text: string) => {
      applied.current = text.trim();
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          if (text.trim()) next.set('q', text.trim());
          else next.delete('q');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  useEffect(() => {
    if (q === applied.current) return;
    applied.current = q;
    setSearchText(q);
  }, [q]);

  useEffect(() => {
    if (searchText.trim() === q) return;
    const timer = setTimeout(() => applySearch(searchText), 400);
    return () => clearTimeout(timer);
  }, [applySearch, q, searchText]);

  const open = useCallback((c: CaseView) => void navigate(`/cases/${encodeURIComponent(c.id)}`), [navigate]);

  const openNext = useCallback(async () => {
    try {
      const next = await fetchMostUrgent();
      if (next) open(next);
      else void messages.info(t('nextCaseNone'));
    } catch {
      void messages.error(t('loadFailed'));
    }
  }, [messages, open, t]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingInField(e)) return;
      if (e.key === 'j') setCursor((c) => Math.min(c + 1, Math.max(rows.length - 1, 0)));
      else if (e.key === 'k') setCursor((c) => Math.max(c - 1, 0));
      else if (e.key === 'Enter' && rows[cursor]) open(rows[cursor]);
      else if (e.key === 'n') void openNext();
      else if (e.key === '?') setHelpOpen(true);
      else if (e.key === '/') searchRef.current?.focus({ cursor: 'all' });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [cursor, open, openNext, rows]);

  useEffect(() => {
    document.querySelector(`tr[data-row-index="${cursor}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const columns: TableColumnsType<CaseView> = [
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
      width: 110,
      render: (v: Category, c) => (
        <Flex gap={4} wrap>
          {labelOf(CATEGORY_LABELS, v, lang)}
          {(c.riskLevel === 'high' || c.riskLevel === 'critical') && (
            <Tag color="error" style={{ marginInlineEnd: 0 }}>
              {labelOf(RISK_LABELS, c.riskLevel as RiskLevel, lang)}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      title: t('colParties'),
      key: 'parties',
      ellipsis: true,
      render: (_: unknown, c) => partiesLine(c.parties, lang),
    },
    {
      title: t('colStage'),
      dataIndex: 'stage',
      width: 110,
      render: (s: Stage) => <Tag>{labelOf(STAGE_LABELS, s, lang)}</Tag>,
    },
    {
      title: t('colAssignee'),
      dataIndex: 'assigneeId',
      width: 100,
      render: (id: string | null) =>
        id ? (names.data?.get(id) ?? id) : <Typography.Text type="secondary">{t('unassigned')}</Typography.Text>,
    },
    {
      title: t('colSource'),
      dataIndex: 'source',
      width: 90,
      render: (s: Source | undefined) => labelOf(SOURCE_LABELS, s, lang),
    },
    {
      title: t('colCreatedAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => formatInstant(v, lang),
    },
    {
      title: t('colCountdown'),
      key: 'countdown',
      width: 250,
      render: (_: unknown, c) => {
        const d = headlineDeadline(c.deadlines);
        return d ? (
          <DeadlineTag deadline={d} now={now} pausedSince={c.pausedSince ?? null} showKind />
        ) : (
          <Typography.Text type="secondary">{t('noDeadline')}</Typography.Text>
        );
      },
    },
  ];

  return (
    <Flex vertical gap={8}>
      {contextHolder}
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('queue')}
        </Typography.Title>
        <Flex gap={8}>
          <Tooltip title={t('shortcutsHelp')}>
            <Button onClick={() => setHelpOpen(true)}>? {t('shortcuts')}</Button>
          </Tooltip>
          <Button icon={<ReloadOutlined />} onClick={() => void queryClient.invalidateQueries({ queryKey: ['cases'] })}>
            {t('refresh')}
          </Button>
          <IntakeButton />
          <Button type="primary" icon={<RightCircleOutlined />} onClick={() => void openNext()}>
            {t('nextCase')}
          </Button>
        </Flex>
      </Flex>
      <Tabs
        activeKey={view}
        onChange={(key) => setParams(q ? { view: key, q } : { view: key })}
        items={QUEUE_VIEWS.map((v) => {
          const n = counts.data?.[v];
          return {
            key: v,
            label: (
              <Flex gap={6} align="center" data-testid={`tab-${v}`}>
                {t(TAB_LABEL[v])}
                {n !== undefined && (
                  <Badge
                    count={n}
                    showZero
                    overflowCount={999}
                    color={ALERT_VIEWS.has(v) && n > 0 ? '#cf1322' : n > 0 ? '#1677ff' : '#bfbfbf'}
                  />
                )}
              </Flex>
            ),
          };
        })}
      />
      <Flex gap={12} align="center" wrap>
        <Input.Search
          ref={searchRef}
          allowClear
          value={searchText}
          maxLength={200}
          placeholder={t('searchPlaceholder')}
          aria-label={t('searchLabel')}
          data-testid="queue-search"
          style={{ width: 'min(420px, 100%)' }}
          onChange={(e) => setSearchText(e.target.value)}
          onSearch={(text, _event, info) => {
            setSearchText(text);
            applySearch(text);
            // Enter hands the keyboard back to the list: j / k / Enter work on the results at once.
            if (info?.source === 'input') searchRef.current?.blur();
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            setSearchText('');
            applySearch('');
            e.currentTarget.blur();
          }}
        />
        {q && queue.data && (
          <Typography.Text type="secondary" data-testid="queue-search-count">
            {t(queue.hasNextPage ? 'searchResultsMore' : 'searchResults', { q, n: rows.length })}
          </Typography.Text>
        )}
      </Flex>
      {canBulk && selected.length > 0 && (
        <Flex gap={8} align="center" data-testid="bulk-bar">
          <Typography.Text strong>{t('bulkSelected', { n: selected.length })}</Typography.Text>
          <Button icon={<UserSwitchOutlined />} data-testid="bulk-assign" onClick={() => setBulk('assign')}>
            {t('bulkAssign')}
          </Button>
          <Button icon={<SwapOutlined />} data-testid="bulk-transfer" onClick={() => setBulk('transfer')}>
            {t('bulkTransfer')}
          </Button>
          <Button type="link" onClick={() => setSelected([])}>
            {t('bulkClear')}
          </Button>
        </Flex>
      )}
      <BulkModal
        mode={bulk}
        rows={selected}
        onClose={(ran) => {
          setBulk(null);
          if (ran) setSelected([]);
        }}
      />
      <StaleBanner
        failed={queue.isError && rows.length > 0}
        onRetry={() => void (queue.isFetchNextPageError ? queue.fetchNextPage() : queue.refetch())}
      />
      <Table<CaseView>
        size="middle"
        rowKey="id"
        rowSelection={
          canBulk
            ? {
                selectedRowKeys: selected.map((c) => c.id),
                onChange: (_keys, picked) => setSelected(picked),
                columnWidth: 40,
              }
            : undefined
        }
        columns={columns}
        dataSource={rows}
        loading={queue.isPending}
        pagination={false}
        // A sticky header makes antd measure the columns in a hidden row that copies each title, the
        // select-all checkbox included: a focusable control inside aria-hidden (axe: serious). With row
        // selection on, the header scrolls with the rows.
        sticky={!canBulk}
        locale={queue.isError ? { emptyText: t('loadFailed') } : q ? { emptyText: t('searchNone', { q }) } : undefined}
        onRow={(c, index) => ({
          onClick: () => setCursor(index ?? 0),
          onDoubleClick: () => open(c),
          'data-row-index': index,
          'aria-selected': index === cursor,
        })}
        rowClassName={(_, index) => (index === cursor ? 'queue-row-current' : '')}
      />
      {queue.hasNextPage && (
        <Flex justify="center">
          <Button
            loading={queue.isFetchingNextPage}
            onClick={() => void queue.fetchNextPage()}
            data-testid="queue-more"
          >
            {t('loadMore')}
          </Button>
        </Flex>
      )}
      <Modal open={helpOpen} title={t('shortcuts')} footer={null} onCancel={() => setHelpOpen(false)}>
        {t('shortcutsHelp')}
      </Modal>
    </Flex>
  );
}
