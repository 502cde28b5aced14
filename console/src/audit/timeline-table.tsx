/** The case's events in order: seq, type, time, actor, reason and a short hash (console.md S6). */
import { Button, Flex, Table, Tag, Tooltip, Typography } from 'antd';
import { EnvironmentOutlined, HistoryOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EventType } from '../../../domain/case-events';
import { ROLE_LABELS, labelOf } from '../labels/labels';
import { useLang } from '../i18n/use-lang';
import type { TimelineEvent } from './audit-api';
import { EVENT_TYPE_LABELS } from './event-labels';
import { formatToSecond } from './audit-format';
import { shortHash } from './chain-check';
import './audit.css';

export function TimelineTable({
  events,
  badSeqs,
  selectedAt,
  onReplay,
  userName,
  unitName,
}: {
  events: readonly TimelineEvent[];
  /** Seqs a verification found wrong: marked red, with an icon and words. */
  badSeqs: ReadonlySet<number>;
  /** The slider's instant: events then are marked, later ones dimmed. */
  selectedAt: string | undefined;
  onReplay: ((at: string) => void) | null;
  userName: (id: string) => string | null;
  unitName: (id: string) => string | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const selectedMs = selectedAt ? Date.parse(selectedAt) : Infinity;
  return (
    <Table<TimelineEvent>
      className="audit-timeline"
      data-testid="audit-timeline"
      size="small"
      rowKey="seq"
      pagination={false}
      dataSource={events}
      sticky
      rowClassName={(e) =>
        [
          badSeqs.has(e.seq) && 'audit-row-bad',
          e.at === selectedAt && 'audit-row-now',
          Date.parse(e.at) > selectedMs && 'audit-row-later',
        ]
          .filter(Boolean)
          .join(' ')
      }
      onRow={(e) => ({ 'data-seq': e.seq, 'data-bad': badSeqs.has(e.seq) ? 'true' : undefined }) as never}
      columns={[
        {
          title: t('auditColSeq'),
          dataIndex: 'seq',
          width: 110,
          render: (seq: number) => (
            <Flex gap={4} align="center" wrap>
              <span>{seq}</span>
              {badSeqs.has(seq) && (
                <Tag color="error" icon={<WarningOutlined />} data-testid="bad-seq">
                  {t('auditBadEvent')}
                </Tag>
              )}
            </Flex>
          ),
        },
        {
          title: t('auditColType'),
          dataIndex: 'type',
          render: (type: string, e) => (
            <Flex vertical>
              <span>
                {labelOf(EVENT_TYPE_LABELS, type as EventType, lang)}
                {e.at === selectedAt && (
                  <Tag color="processing" icon={<EnvironmentOutlined />} style={{ marginInlineStart: 6 }}>
                    {t('auditSelectedInstant')}
                  </Tag>
                )}
              </span>
              <Typography.Text type="secondary" style={{ fontSize: '0.85em' }}>
                {type}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          title: t('auditColTime'),
          dataIndex: 'at',
          width: 170,
          render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatToSecond(at, lang)}</span>,
        },
        {
          title: t('auditColActor'),
          key: 'actor',
          render: (_: unknown, e) => {
            const role = e.actor.role === 'system' ? t('auditSystem') : labelOf(ROLE_LABELS, e.actor.role, lang);
            const name = e.actor.role === 'system' ? null : userName(e.actor.id);
            return (
              <Flex vertical>
                <span>
                  {name ?? e.actor.id} · {role}
                </span>
                <Typography.Text type="secondary" style={{ fontSize: '0.85em' }}>
                  {name && `${e.actor.id} · `}
                  {e.actor.org ? (unitName(e.actor.org) ?? e.actor.org) : '—'}
                </Typography.Text>
              </Flex>
            );
          },
        },
        {
          title: t('auditColReason'),
          dataIndex: 'reason',
          render: (reason: string | null) => reason ?? '—',
        },
        {
          title: t('auditColHash'),
          dataIndex: 'hash',
          width: 170,
          render: (hash: string, e) => (
            <Tooltip
              title={
                <div style={{ wordBreak: 'break-all' }}>
                  <div>hash {hash}</div>
                  <div>prev {e.prevHash}</div>
                </div>
              }
            >
              <Typography.Text
                code
                copyable={{ text: hash, tooltips: [t('auditCopyHash'), t('auditCopied')] }}
                data-testid="short-hash"
              >
                {shortHash(hash)}
              </Typography.Text>
            </Tooltip>
          ),
        },
        ...(onReplay
          ? [
              {
                title: t('auditColReplay'),
                key: 'replay',
                width: 90,
                render: (_: unknown, e: TimelineEvent) => (
                  <Button
                    size="small"
                    icon={<HistoryOutlined />}
                    aria-label={t('auditReplayAt', { seq: e.seq })}
                    onClick={() => onReplay(e.at)}
                  >
                    {t('auditReplay')}
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** Scrolls the row of `seq` into the middle of the window and gives it the keyboard focus. */
export function scrollToSeq(seq: number): void {
  const row = document.querySelector<HTMLElement>(`.audit-timeline tr[data-row-key="${seq}"]`);
  if (!row) return;
  row.scrollIntoView({ block: 'center', behavior: 'smooth' });
}
