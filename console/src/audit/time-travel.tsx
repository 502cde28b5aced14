/**
 * The time slider (console.md S6, "Beyond the anchors" 4): one mark per instant of the history; the case
 * view as it was then (GET /state?asOf=) and what changed since the previous mark.
 */
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  List,
  Row,
  Skeleton,
  Slider,
  Space,
  Tag,
  Typography,
} from 'antd';
import {
  CaretRightOutlined,
  ColumnWidthOutlined,
  LeftOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  RightOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DeadlineKind, DeadlineStatus, Outcome, RiskLevel, Stage, Track } from '../../../domain/case-types';
import {
  DEADLINE_KIND_LABELS,
  DEADLINE_STATUS_LABELS,
  OUTCOME_LABELS,
  RISK_LABELS,
  STAGE_LABELS,
  TRACK_LABELS,
  labelOf,
} from '../labels/labels';
import { DeadlineTag } from '../components/deadline-tag';
import { formatDay } from '../components/format';
import { useLang } from '../i18n/use-lang';
import type { Lang } from '../i18n/lang';
import { useStateAt, type CaseAtInstant, type TimelineEvent } from './audit-api';
import { EVENT_TYPE_LABELS } from './event-labels';
import { FIELD_LABELS, formatToSecond } from './audit-format';
import { deadlineChanges, viewChanges, type FieldChange } from './state-diff';

export interface Instant {
  at: string;
  events: TimelineEvent[];
}

/** At most this many labelled marks: more would run into each other. */
const LABELLED_MARKS = 14;

export function TimeTravel({
  caseId,
  instants,
  index,
  onIndex,
  userName,
  unitName,
}: {
  caseId: string;
  instants: readonly Instant[];
  index: number;
  onIndex: (i: number) => void;
  userName: (id: string) => string | null;
  unitName: (id: string) => string | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const current = instants[index];
  const previous = index > 0 ? instants[index - 1] : undefined;
  const now = useStateAt(caseId, current?.at);
  const before = useStateAt(caseId, previous?.at);
  if (!current) return <Empty description={t('auditNoEvents')} />;

  const every = Math.ceil(instants.length / LABELLED_MARKS);
  const marks = Object.fromEntries(
    instants.map((x, i) => [
      i,
      i % every === 0 || i === instants.length - 1 ? { label: `#${x.events[0]?.seq ?? ''}` } : { label: '' },
    ]),
  );
  const describe = (x: Instant | undefined) =>
    x
      ? `${formatToSecond(x.at, lang, true)} · ${x.events
          .map((e) => `#${e.seq} ${labelOf(EVENT_TYPE_LABELS, e.type, lang)}`)
          .join('、')}`
      : '';

  return (
    <Card
      title={
        <Space>
          <ColumnWidthOutlined />
          {t('auditTimeTravel')}
        </Space>
      }
      data-testid="time-travel"
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('auditTimeTravelHelp')}</Typography.Text>
        <Flex gap={12} align="center">
          <Button
            icon={<LeftOutlined />}
            disabled={index === 0}
            onClick={() => onIndex(index - 1)}
            data-testid="instant-prev"
          >
            {t('auditPrevInstant')}
          </Button>
          <div style={{ flex: 1, paddingInline: 12 }}>
            <Slider
              min={0}
              max={Math.max(instants.length - 1, 0)}
              step={null}
              marks={marks}
              value={index}
              onChange={(v) => onIndex(v)}
              tooltip={{ formatter: (v) => (v === undefined ? '' : formatToSecond(instants[v]?.at, lang, true)) }}
              ariaLabelForHandle={t('auditSliderLabel')}
              ariaValueTextFormatterForHandle={(v) => describe(instants[v ?? 0])}
              data-testid="time-slider"
            />
          </div>
          <Button
            icon={<RightOutlined />}
            iconPlacement="end"
            disabled={index >= instants.length - 1}
            onClick={() => onIndex(index + 1)}
            data-testid="instant-next"
          >
            {t('auditNextInstant')}
          </Button>
          <Button
            icon={<CaretRightOutlined />}
            disabled={index >= instants.length - 1}
            onClick={() => onIndex(instants.length - 1)}
          >
            {t('auditLatestInstant')}
          </Button>
        </Flex>
        <Typography.Text strong data-testid="instant-caption" aria-live="polite">
          {t('auditInstantOf', { k: index + 1, n: instants.length })} · {describe(current)}
        </Typography.Text>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('auditStateThen')} data-testid="state-then">
              {now.isPending ? (
                <Skeleton active />
              ) : now.isError ? (
                <Alert type="error" showIcon title={t('auditStateFailed')} description={(now.error as Error).message} />
              ) : (
                <StateView view={now.data} userName={userName} unitName={unitName} />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('auditChangesSince')} data-testid="state-changes">
              {!previous ? (
                <Typography.Text type="secondary">{t('auditFirstInstant')}</Typography.Text>
              ) : now.isPending || before.isPending ? (
                <Skeleton active />
              ) : now.isError || before.isError ? (
                <Alert type="error" showIcon title={t('auditStateFailed')} />
              ) : (
                <Changes
                  before={before.data}
                  after={now.data}
                  userName={userName}
                  unitName={unitName}
                  previousAt={previous.at}
                />
              )}
            </Card>
          </Col>
        </Row>
      </Flex>
    </Card>
  );
}

function PausedTag({ view }: { view: CaseAtInstant }) {
  const { t } = useTranslation();
  const lang = useLang();
  return view.paused ? (
    <Tag icon={<PauseCircleOutlined />} color="default" data-testid="state-paused" data-paused="true">
      {t('auditPausedSince', { at: formatToSecond(view.pausedSince, lang) })}
    </Tag>
  ) : (
    <Tag icon={<PlayCircleOutlined />} color="processing" data-testid="state-paused" data-paused="false">
      {t('auditRunning')}
    </Tag>
  );
}

function StateView({
  view,
  userName,
  unitName,
}: {
  view: CaseAtInstant;
  userName: (id: string) => string | null;
  unitName: (id: string) => string | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const asOfMs = Date.parse(view.asOf);
  return (
    <Flex vertical gap={8}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('colStage')}>
          <span data-testid="state-stage">{labelOf(STAGE_LABELS, view.stage, lang)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('auditPauseState')}>
          <Flex vertical gap={2}>
            <span>
              <PausedTag view={view} />
            </span>
            {view.paused && view.pauseReason && (
              <Typography.Text type="secondary">
                {t('auditPauseReason')}：{view.pauseReason}
              </Typography.Text>
            )}
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={labelOf(FIELD_LABELS, 'ownerOrgUnitId', lang)}>
          {unitName(view.ownerOrgUnitId) ?? view.ownerOrgUnitId}
        </Descriptions.Item>
        <Descriptions.Item label={labelOf(FIELD_LABELS, 'assigneeId', lang)}>
          {view.assigneeId ? (userName(view.assigneeId) ?? view.assigneeId) : t('unassigned')}
        </Descriptions.Item>
        <Descriptions.Item label={labelOf(FIELD_LABELS, 'riskLevel', lang)}>
          {labelOf(RISK_LABELS, view.riskLevel, lang)}
          {view.escalationLevel > 0 && ` · ${t('auditEscalationLevel', { n: view.escalationLevel })}`}
        </Descriptions.Item>
        <Descriptions.Item label={labelOf(FIELD_LABELS, 'deadlines', lang)}>
          {view.deadlines.length === 0 ? (
            '—'
          ) : (
            <Flex vertical gap={4} align="flex-start" data-testid="state-deadlines">
              {view.deadlines.map((d) => (
                <DeadlineTag key={d.id} deadline={d} now={asOfMs} pausedSince={view.pausedSince ?? null} showKind />
              ))}
            </Flex>
          )}
        </Descriptions.Item>
      </Descriptions>
    </Flex>
  );
}

function Changes({
  before,
  after,
  previousAt,
  userName,
  unitName,
}: {
  before: CaseAtInstant;
  after: CaseAtInstant;
  previousAt: string;
  userName: (id: string) => string | null;
  unitName: (id: string) => string | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const changes = viewChanges(before, after);
  const words: Words = {
    paused: t('auditPaused'),
    running: t('auditRunning'),
    items: (n) => t('auditItems', { n }),
    recorded: t('auditRecorded'),
    yes: t('yes'),
    no: t('no'),
  };
  const show = (c: FieldChange, v: unknown) => valueText(c.field, v, lang, words, userName, unitName);
  return (
    <Flex vertical gap={4}>
      <Typography.Text type="secondary">
        {t('auditComparedWith', { at: formatToSecond(previousAt, lang, true) })}
      </Typography.Text>
      {changes.length === 0 ? (
        <Typography.Text>{t('auditNoViewChange')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={changes}
          data-testid="change-list"
          renderItem={(c) => (
            <List.Item data-field={c.field} style={{ display: 'block' }}>
              <Typography.Text strong>{labelOf(FIELD_LABELS, c.field, lang)}</Typography.Text>
              {c.field === 'deadlines' ? (
                <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                  {deadlineChanges(
                    before.deadlines as Array<{ id: string; kind: string; status: string; dueDate: string }>,
                    after.deadlines as Array<{ id: string; kind: string; status: string; dueDate: string }>,
                  ).map((d) => (
                    <li key={d.id}>
                      {labelOf(DEADLINE_KIND_LABELS, d.kind as DeadlineKind, lang)}：
                      {d.before === null
                        ? t('auditDeadlineNew', {
                            status: labelOf(DEADLINE_STATUS_LABELS, d.after as DeadlineStatus, lang),
                            date: d.dueDateAfter ? formatDay(d.dueDateAfter, lang) : '—',
                          })
                        : `${labelOf(DEADLINE_STATUS_LABELS, d.before as DeadlineStatus, lang)} → ${labelOf(
                            DEADLINE_STATUS_LABELS,
                            d.after as DeadlineStatus,
                            lang,
                          )}${
                            d.dueDateBefore !== d.dueDateAfter && d.dueDateBefore && d.dueDateAfter
                              ? ` · ${formatDay(d.dueDateBefore, lang)} → ${formatDay(d.dueDateAfter, lang)}`
                              : ''
                          }`}
                    </li>
                  ))}
                </ul>
              ) : (
                <span>
                  ：{show(c, c.before)} → {show(c, c.after)}
                </span>
              )}
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}

interface Words {
  paused: string;
  running: string;
  items: (n: number) => string;
  recorded: string;
  yes: string;
  no: string;
}

/** A field's value in words: labels for enums, names for ids, Beijing time for instants. */
function valueText(
  field: string,
  v: unknown,
  lang: Lang,
  w: Words,
  userName: (id: string) => string | null,
  unitName: (id: string) => string | null,
): string {
  if (v === null || v === undefined || v === '') return '—';
  const text = typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
  switch (field) {
    case 'stage':
      return labelOf(STAGE_LABELS, v as Stage, lang);
    case 'paused':
      return v ? w.paused : w.running;
    case 'riskLevel':
      return labelOf(RISK_LABELS, v as RiskLevel, lang);
    case 'track':
      return labelOf(TRACK_LABELS, v as Track, lang);
    case 'outcome':
      return labelOf(OUTCOME_LABELS, v as Outcome, lang);
    case 'ownerOrgUnitId':
      return unitName(text) ?? text;
    case 'assigneeId':
      return userName(text) ?? text;
    case 'pausedSince':
    case 'closedAt':
    case 'createdAt':
      return formatToSecond(text, lang);
    case 'ownerPath':
    case 'courtsInvolved':
      return Array.isArray(v) ? v.map((x) => unitName(String(x)) ?? String(x)).join(' / ') || '—' : text;
  }
  if (Array.isArray(v)) return w.items(v.length);
  if (typeof v === 'object') return w.recorded;
  if (typeof v === 'boolean') return v ? w.yes : w.no;
  return text;
}
