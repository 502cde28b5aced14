/** The problems a verification found, each naming its event and saying what is wrong in words. */
import { Button, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelOf } from '../labels/labels';
import { useLang } from '../i18n/use-lang';
import { PROBLEM_LABELS } from './event-labels';

export function ProblemList({
  problems,
  onSeq,
  testId,
}: {
  problems: ReadonlyArray<{ seq: number | null; problem: string; detail: string }>;
  onSeq: (seq: number) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  if (problems.length === 0) return null;
  return (
    <List
      size="small"
      header={<Typography.Text strong>{t('auditProblems', { n: problems.length })}</Typography.Text>}
      dataSource={problems}
      data-testid={testId}
      renderItem={(p) => (
        <List.Item>
          <Typography.Text>
            {p.seq !== null ? (
              <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => onSeq(p.seq!)}>
                {t('auditEventNo', { seq: p.seq })}
              </Button>
            ) : null}{' '}
            {labelOf(PROBLEM_LABELS, p.problem, lang)}
            <Typography.Text type="secondary">
              {' '}
              （{p.problem}：{p.detail}）
            </Typography.Text>
          </Typography.Text>
        </List.Item>
      )}
    />
  );
}
