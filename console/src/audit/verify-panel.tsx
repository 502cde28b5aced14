/** 服务器核验: GET /verify, its three checks shown separately (docs/audit.md "What /verify checks"). */
import { Alert, Button, Card, Flex, Space, Typography } from 'antd';
import { SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { verifyCase, type VerifyReport } from './audit-api';
import { CheckItem } from './check-item';
import { ProblemList } from './problem-list';
import { shortHash } from './chain-check';

export function VerifyPanel({
  caseId,
  onResult,
  onSeq,
}: {
  caseId: string;
  onResult: (report: VerifyReport) => void;
  onSeq: (seq: number) => void;
}) {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: () => verifyCase(caseId), onSuccess: onResult });
  const r = verify.data;
  return (
    <Card
      title={
        <Space>
          <SafetyCertificateOutlined />
          {t('auditServerVerify')}
        </Space>
      }
      data-testid="verify-panel"
      style={{ height: '100%' }}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('auditServerVerifyHelp')}</Typography.Text>
        <div>
          <Button type="primary" loading={verify.isPending} onClick={() => verify.mutate()} data-testid="verify">
            {r ? t('auditVerifyAgain') : t('auditVerify')}
          </Button>
        </div>
        {verify.isError && (
          <Alert type="error" showIcon title={t('auditVerifyFailed')} description={verify.error.message} />
        )}
        {r && !verify.isPending && <VerifyResult report={r} onSeq={onSeq} />}
      </Flex>
    </Card>
  );
}

/** What the workflow comparison found wrong per event (docs/audit.md, check 2), besides the heads. */
const WORKFLOW_PROBLEMS = new Set(['missing_event', 'unexpected_event', 'altered_event']);

function VerifyResult({ report: r, onSeq }: { report: VerifyReport; onSeq: (seq: number) => void }) {
  const { t } = useTranslation();
  // Without Temporal's history (past retention) checks 2 and 3 cannot be made: neither passed nor failed.
  const noHistory = r.problems.some((p) => p.problem === 'history_unavailable');
  const workflowOk = noHistory
    ? null
    : r.headMatchesWorkflow && !r.problems.some((p) => WORKFLOW_PROBLEMS.has(p.problem));
  return (
    <Flex vertical gap={8} data-testid="verify-result" data-ok={r.ok ? 'true' : 'false'}>
      <CheckItem
        ok={r.chainOk}
        label={t('auditChainOk')}
        detail={t('auditChainOkHelp', { n: r.events })}
        testId="check-chain"
      />
      <CheckItem
        ok={workflowOk}
        label={t('auditHeadMatches')}
        detail={
          r.chainHead && r.workflowHead
            ? t('auditHeads', {
                chain: `#${r.chainHead.seq} ${shortHash(r.chainHead.hash)}`,
                workflow: `#${r.workflowHead.seq} ${shortHash(r.workflowHead.hash)}`,
              })
            : t('auditHeadMatchesHelp')
        }
        testId="check-head"
      />
      <CheckItem
        ok={noHistory ? null : r.replayOk}
        label={t('auditReplayOk')}
        detail={t('auditReplayOkHelp')}
        testId="check-replay"
      />
      {r.firstBadSeq !== null && (
        <Alert
          type="error"
          showIcon
          icon={<WarningOutlined />}
          data-testid="server-first-bad"
          title={t('auditFirstBadSeq', { seq: r.firstBadSeq })}
          action={
            <Button size="small" onClick={() => onSeq(r.firstBadSeq!)}>
              {t('auditShowInTimeline')}
            </Button>
          }
        />
      )}
      <ProblemList problems={r.problems} onSeq={onSeq} testId="server-problems" />
    </Flex>
  );
}
