/** One deadline as console.md "Showing a deadline" says: colour and icon and text, the last day shown. */
import { Fragment } from 'react';
import { Tag, Tooltip } from 'antd';
import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  PauseCircleOutlined,
  StopOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { BREACH_EFFECT_LABELS, DEADLINE_KIND_LABELS, labelOf } from '../labels/labels';
import type { DeadlineKind } from '../../../domain/case-types';
import { describeDeadline, humanSpan, type DeadlineIcon, type DeadlineLike, type Tone } from './deadline-display';
import { useLang } from '../i18n/use-lang';
import { formatDay } from './format';

const TONE_COLOUR: Record<Tone, string> = {
  green: 'success',
  amber: 'warning',
  red: 'error',
  done: 'success',
  closed: 'default',
  cancelled: 'default',
};

const ICONS: Record<DeadlineIcon, React.ReactNode> = {
  clock: <ClockCircleOutlined />,
  warning: <WarningOutlined />,
  pause: <PauseCircleOutlined style={{ color: '#8c8c8c' }} />,
  check: <CheckCircleOutlined />,
  stop: <StopOutlined />,
  cancelled: <CloseCircleOutlined />,
};

export function useSpanText(): (ms: number) => string {
  const { t } = useTranslation();
  return (ms) => {
    const parts = humanSpan(ms);
    if (parts.length === 0) return t('lessThanMinute');
    const key = { day: 'unitDay', hour: 'unitHour', minute: 'unitMinute' } as const;
    return parts.map((p) => t(key[p.unit], { count: p.count })).join(' ');
  };
}

export function DeadlineTag({
  deadline,
  now,
  pausedSince,
  showKind = false,
  showDueDate = true,
}: {
  deadline: DeadlineLike;
  now: number;
  pausedSince: string | null;
  showKind?: boolean;
  showDueDate?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const span = useSpanText();
  const shown = describeDeadline(deadline, now, pausedSince);
  const text = (() => {
    const x = shown.text;
    switch (x.key) {
      case 'workingDaysLeft':
        return t('workingDaysLeft', { n: x.n });
      case 'left':
      case 'dueSoon':
      case 'overdueBy':
      case 'pausedLeft':
        return t(x.key, { time: span(x.ms) });
      default:
        return t(x.key);
    }
  })();
  const kind = labelOf(DEADLINE_KIND_LABELS, deadline.kind as DeadlineKind, lang);
  const effect = shown.breached ? labelOf(BREACH_EFFECT_LABELS, deadline.kind as DeadlineKind, lang) : null;
  const due = t('dueDateOn', { date: formatDay(deadline.dueDate, lang) });
  return (
    <Tooltip title={`${kind} · ${due}${effect ? ` · ${effect}` : ''}`}>
      <Tag
        color={TONE_COLOUR[shown.tone]}
        icon={ICONS[shown.icon]}
        data-tone={shown.tone}
        data-testid="deadline-tag"
        // Wraps inside its cell rather than spilling out of it at the larger text sizes.
        style={{
          whiteSpace: 'normal',
          maxWidth: '100%',
          ...(shown.tone === 'cancelled' ? { textDecoration: 'line-through' } : {}),
        }}
      >
        {[showKind && kind, text, showDueDate && shown.tone !== 'cancelled' && due, showKind && effect]
          .filter((part): part is string => typeof part === 'string' && part !== '')
          .map((part, i) => (
            // A narrow cell breaks the tag at a separator, never inside a date.
            <Fragment key={i}>
              {i > 0 && ' · '}
              <span style={{ whiteSpace: 'nowrap' }}>{part}</span>
            </Fragment>
          ))}
      </Tag>
    </Tooltip>
  );
}
