/**
 * 导出与浏览器内复核: downloads GET /export and recomputes its chain here, with domain/hash-chain.ts,
 * so the auditor need not trust the server; a saved export (of a closed case, say) can be checked too.
 */
import { useState } from 'react';
import { Alert, Button, Card, Flex, Space, Typography, Upload } from 'antd';
import { DownloadOutlined, FileSearchOutlined, SafetyOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLang } from '../i18n/use-lang';
import { fetchExport, saveFile } from './audit-api';
import { checkExport, shortHash, type ExportCheck } from './chain-check';
import { ProblemList } from './problem-list';
import { formatToSecond } from './audit-format';

export function ExportPanel({
  caseId,
  caseNo,
  onResult,
  onSeq,
}: {
  caseId: string;
  caseNo: string;
  onResult: (check: ExportCheck) => void;
  onSeq: (seq: number) => void;
}) {
  const { t } = useTranslation();
  const [source, setSource] = useState<'export' | 'file'>('export');
  const [fileName, setFileName] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: async (input: { text: string; name: string; source: 'export' | 'file' }) => {
      // A long history takes a moment to hash: let the spinner paint first.
      await new Promise((r) => setTimeout(r, 0));
      return checkExport(input.text);
    },
    onSuccess: (check, input) => {
      setSource(input.source);
      setFileName(input.name);
      onResult(check);
    },
  });
  const download = useMutation({
    mutationFn: () => fetchExport(caseId, caseNo),
    onSuccess: ({ text, fileName: name }) => {
      saveFile(text, name);
      run.mutate({ text, name, source: 'export' });
    },
  });
  const busy = download.isPending || run.isPending;
  return (
    <Card
      title={
        <Space>
          <SafetyOutlined />
          {t('auditExport')}
        </Space>
      }
      data-testid="export-panel"
      style={{ height: '100%' }}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('auditExportHelp')}</Typography.Text>
        <Flex gap={8} wrap>
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            loading={busy}
            onClick={() => download.mutate()}
            data-testid="export"
          >
            {t('auditExportAndCheck')}
          </Button>
          <Upload
            accept=".jsonl,.ndjson,.json,application/x-ndjson"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((text) => run.mutate({ text, name: file.name, source: 'file' }));
              return false;
            }}
          >
            <Button icon={<FileSearchOutlined />} disabled={busy}>
              {t('auditCheckSavedFile')}
            </Button>
          </Upload>
        </Flex>
        {download.isError && (
          <Alert type="error" showIcon title={t('auditExportFailed')} description={download.error.message} />
        )}
        {run.isError && (
          <Alert type="error" showIcon title={t('auditBrowserCheckFail')} description={run.error.message} />
        )}
        {run.data && !busy && (
          <ExportResult check={run.data} caseId={caseId} source={source} fileName={fileName} onSeq={onSeq} />
        )}
      </Flex>
    </Card>
  );
}

function ExportResult({
  check,
  caseId,
  source,
  fileName,
  onSeq,
}: {
  check: ExportCheck;
  caseId: string;
  source: 'export' | 'file';
  fileName: string | null;
  onSeq: (seq: number) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const m = check.manifest;
  const from =
    source === 'export' ? t('auditFromExport', { file: fileName ?? '' }) : t('auditFromFile', { file: fileName ?? '' });
  return (
    <Flex vertical gap={8} data-testid="browser-check" data-ok={check.ok ? 'true' : 'false'}>
      {check.ok ? (
        <Alert
          type="success"
          showIcon
          title={<span data-testid="browser-check-title">{t('auditBrowserCheckPass')}</span>}
          description={
            <>
              <div>{from}</div>
              <div>
                {t('auditBrowserCheckPassDetail', {
                  n: check.events,
                  head: check.head ? shortHash(check.head, 12) : '—',
                  at: formatToSecond(m?.exportedAt, lang),
                })}
              </div>
            </>
          }
        />
      ) : (
        <Alert
          type="error"
          showIcon
          icon={<WarningOutlined />}
          title={
            <span data-testid="browser-check-title">
              {check.firstBadSeq !== null
                ? t('auditBrowserCheckBadSeq', { seq: check.firstBadSeq })
                : t('auditBrowserCheckFail')}
            </span>
          }
          description={from}
          action={
            check.firstBadSeq !== null ? (
              <Button size="small" onClick={() => onSeq(check.firstBadSeq!)}>
                {t('auditShowInTimeline')}
              </Button>
            ) : undefined
          }
        />
      )}
      {m && m.caseId !== caseId && (
        <Alert type="warning" showIcon title={t('auditOtherCaseFile', { caseNo: m.caseNo })} />
      )}
      <ProblemList problems={check.problems} onSeq={onSeq} testId="browser-problems" />
    </Flex>
  );
}
