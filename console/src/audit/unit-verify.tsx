/**
 * 核验辖区全部案件: every case in the auditor's scope, paged through the listing, verified a few at a time
 * with a progress bar and a summary (the browser side of `npm run audit -- verify --all`).
 */
import { useRef, useState } from 'react';
import { Alert, Button, Card, Flex, List, Progress, Space, Typography } from 'antd';
import { AuditOutlined, CheckCircleFilled, CloseCircleFilled, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { listAllCases, verifyCase } from './audit-api';

/** Verifications in flight at once: each replays a workflow history on the server. */
const CONCURRENCY = 3;

interface Failed {
  id: string;
  caseNo: string;
  firstBadSeq: number | null;
  /** The request itself failed (not a bad history): its message. */
  error: string | null;
}

interface RunState {
  phase: 'listing' | 'verifying' | 'done' | 'stopped';
  total: number;
  done: number;
  ok: number;
  failed: Failed[];
  error: string | null;
}

export function UnitVerify() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [run, setRun] = useState<RunState | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    setRun({ phase: 'listing', total: 0, done: 0, ok: 0, failed: [], error: null });
    let cases: Array<{ id: string; caseNo: string }>;
    try {
      cases = await listAllCases(controller.signal);
    } catch (err) {
      setRun((r) => r && { ...r, phase: 'done', error: err instanceof Error ? err.message : String(err) });
      return;
    }
    setRun((r) => r && { ...r, phase: 'verifying', total: cases.length });
    let next = 0;
    const worker = async () => {
      while (next < cases.length && !controller.signal.aborted) {
        const c = cases[next++]!;
        let failed: Failed | null = null;
        try {
          const report = await verifyCase(c.id);
          if (!report.ok) failed = { ...c, firstBadSeq: report.firstBadSeq, error: null };
        } catch (err) {
          failed = { ...c, firstBadSeq: null, error: err instanceof Error ? err.message : String(err) };
        }
        setRun(
          (r) =>
            r && {
              ...r,
              done: r.done + 1,
              ok: r.ok + (failed ? 0 : 1),
              failed: failed ? [...r.failed, failed] : r.failed,
            },
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, cases.length) }, worker));
    setRun((r) => r && { ...r, phase: controller.signal.aborted ? 'stopped' : 'done' });
  };

  const busy = run?.phase === 'listing' || run?.phase === 'verifying';
  const percent = run && run.total > 0 ? Math.round((run.done / run.total) * 100) : 0;
  return (
    <Card
      title={
        <Space>
          <AuditOutlined />
          {t('auditUnitVerify')}
        </Space>
      }
      data-testid="unit-verify"
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('auditUnitVerifyHelp', { unit: me?.orgName ?? '' })}</Typography.Text>
        <Flex gap={8}>
          <Button type="primary" loading={busy} onClick={() => void start()} data-testid="unit-verify-start">
            {run ? t('auditUnitVerifyAgain') : t('auditUnitVerifyStart')}
          </Button>
          {busy && (
            <Button icon={<StopOutlined />} onClick={() => abort.current?.abort()}>
              {t('auditStop')}
            </Button>
          )}
        </Flex>
        {run && (
          <>
            {run.phase === 'listing' ? (
              <Typography.Text>{t('auditListing')}</Typography.Text>
            ) : (
              <Progress
                percent={percent}
                status={run.phase === 'done' ? (run.failed.length > 0 ? 'exception' : 'success') : 'active'}
                format={() => `${run.done} / ${run.total}`}
                aria-label={t('auditProgress', { done: run.done, total: run.total })}
                data-testid="unit-verify-progress"
              />
            )}
            {run.error && <Alert type="error" showIcon title={t('auditListFailed')} description={run.error} />}
            {(run.phase === 'done' || run.phase === 'stopped') && !run.error && (
              <Alert
                type={run.failed.length > 0 ? 'error' : 'success'}
                showIcon
                icon={run.failed.length > 0 ? <CloseCircleFilled /> : <CheckCircleFilled />}
                data-testid="unit-verify-summary"
                title={t(run.phase === 'stopped' ? 'auditSummaryStopped' : 'auditSummary', {
                  n: run.done,
                  ok: run.ok,
                  failed: run.failed.length,
                })}
              />
            )}
            {run.failed.length > 0 && (
              <List
                size="small"
                header={<Typography.Text strong>{t('auditFailedCases')}</Typography.Text>}
                dataSource={run.failed}
                data-testid="unit-verify-failed"
                renderItem={(f) => (
                  <List.Item>
                    <Space>
                      <WarningOutlined style={{ color: '#cf1322' }} aria-hidden />
                      <Link to={`/audit/cases/${f.id}`}>{f.caseNo}</Link>
                      <Typography.Text>
                        {f.error
                          ? t('auditVerifyError', { error: f.error })
                          : f.firstBadSeq !== null
                            ? t('auditFirstBadSeq', { seq: f.firstBadSeq })
                            : t('auditFail')}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </>
        )}
      </Flex>
    </Card>
  );
}
