/**
 * A supervisor's bulk assign / transfer over the selected rows (console.md S2): one keyed action per
 * case (its own Idempotency-Key, If-Match with the row's version), run one after the other with
 * progress, and a result per row: 成功, or 失败 with the API's reason.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Flex, Form, Input, Modal, Progress, Select, Table, Tag, TreeSelect, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseView } from '../api/client';
import { ApiError, newIdempotencyKey, requestJson } from '../api/http';
import type { UserSummary } from '../api/session-types';
import { ORG_KIND_LABELS, labelOf } from '../labels/labels';
import { useLang } from '../i18n/use-lang';
import { buildTree, unitOptions, useOrgUnitNames, useOrgUnits } from '../org/org-api';
import { validFields } from '../components/valid-fields';

export type BulkMode = 'assign' | 'transfer';

interface BulkForm {
  assigneeId?: string;
  toOrgUnitId?: string;
  reason?: string;
}

interface RowResult {
  status: 'pending' | 'ok' | 'failed';
  detail?: string;
}

function problemText(err: unknown): string {
  if (err instanceof ApiError) {
    const problem: unknown = err.problem;
    const errors = (problem as { errors?: Array<{ path: string; message: string }> } | null)?.errors;
    const fields = errors?.length ? ` (${errors.map((e) => `${e.path}: ${e.message}`).join('; ')})` : '';
    return err.status === 0 ? err.message : `${err.status} · ${err.message}${fields}`;
  }
  return err instanceof Error ? err.message : String(err);
}

export function BulkModal({
  mode,
  rows,
  onClose,
}: {
  mode: BulkMode | null;
  rows: CaseView[];
  onClose: (ran: boolean) => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<BulkForm>();
  const [results, setResults] = useState<Map<string, RowResult> | null>(null);
  const [running, setRunning] = useState(false);
  const unitNames = useOrgUnitNames();
  const units = useOrgUnits();
  const owners = useMemo(() => [...new Set(rows.map((r) => r.ownerOrgUnitId))], [rows]);
  // Mediators of the cases' own unit when they share one; otherwise every mediator the supervisor sees.
  const ownerFilter = owners.length === 1 ? `&orgUnitId=${encodeURIComponent(owners[0]!)}` : '';
  const mediators = useQuery({
    queryKey: ['users', 'mediators', ownerFilter],
    enabled: mode === 'assign',
    queryFn: () => requestJson<{ items: UserSummary[] }>('GET', `/api/v1/users?role=mediator${ownerFilter}`),
  });
  const unitTree = useMemo(
    () =>
      unitOptions(
        buildTree(units.data ?? []),
        (k) => labelOf(ORG_KIND_LABELS, k, lang),
        (u) => owners.length === 1 && u.id === owners[0],
        t('orgClosed'),
      ),
    [units.data, lang, owners, t],
  );

  const run = async () => {
    const v = await validFields(form);
    const action = mode === 'assign' ? 'assign' : 'transfer';
    const body =
      mode === 'assign'
        ? { assigneeId: v.assigneeId, reason: v.reason?.trim() }
        : { toOrgUnitId: v.toOrgUnitId, reason: v.reason?.trim() };
    const map = new Map<string, RowResult>(rows.map((r) => [r.id, { status: 'pending' }]));
    setResults(new Map(map));
    setRunning(true);
    for (const row of rows) {
      try {
        await requestJson('POST', `/api/v1/cases/${encodeURIComponent(row.id)}/actions/${action}`, body, {
          'If-Match': `"${row.version}"`,
          'Idempotency-Key': newIdempotencyKey(),
        });
        map.set(row.id, { status: 'ok' });
      } catch (err) {
        map.set(row.id, { status: 'failed', detail: problemText(err) });
      }
      setResults(new Map(map));
    }
    setRunning(false);
    await queryClient.invalidateQueries({ queryKey: ['cases'] });
  };

  const close = () => {
    const ran = results !== null;
    setResults(null);
    form.resetFields();
    onClose(ran);
  };

  const done = results ? [...results.values()].filter((r) => r.status !== 'pending').length : 0;
  const ok = results ? [...results.values()].filter((r) => r.status === 'ok').length : 0;
  const failed = done - ok;
  const finished = results !== null && !running;

  return (
    <Modal
      open={mode !== null}
      width={720}
      title={`${t(mode === 'transfer' ? 'bulkTransfer' : 'bulkAssign')} · ${t('bulkSelected', { n: rows.length })}`}
      onCancel={() => !running && close()}
      maskClosable={false}
      destroyOnHidden
      footer={
        finished ? (
          <Button type="primary" onClick={close} data-testid="bulk-close">
            {t('close')}
          </Button>
        ) : (
          <Flex justify="end" gap={8}>
            <Button onClick={close} disabled={running}>
              {t('cancel')}
            </Button>
            <Button
              type="primary"
              loading={running}
              data-testid="bulk-run"
              onClick={() => void run().catch(() => undefined)}
            >
              {t('bulkRun')}
            </Button>
          </Flex>
        )
      }
    >
      <Form<BulkForm> form={form} layout="vertical" disabled={results !== null}>
        {mode === 'assign' ? (
          <Form.Item
            name="assigneeId"
            label={t('assignee')}
            rules={[{ required: true, message: t('assigneeRequired') }]}
          >
            <Select
              showSearch
              data-testid="bulk-assignee"
              loading={mediators.isPending}
              optionFilterProp="label"
              options={(mediators.data?.items ?? [])
                .filter((u) => !u.disabled)
                .map((u) => ({
                  value: u.id,
                  label: `${u.name} · ${unitNames.data?.get(u.org) ?? u.org}`,
                }))}
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="toOrgUnitId"
            label={t('targetUnit')}
            rules={[{ required: true, message: t('targetUnitRequired') }]}
          >
            <TreeSelect
              showSearch
              treeNodeFilterProp="title"
              treeDefaultExpandAll
              treeData={unitTree}
              data-testid="bulk-unit"
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('reason')}
          rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="bulk-reason" />
        </Form.Item>
      </Form>
      {results && (
        <Flex vertical gap={8}>
          <Progress
            percent={Math.round((done / rows.length) * 100)}
            status={running ? 'active' : failed ? 'exception' : 'success'}
          />
          <Typography.Text data-testid="bulk-summary">
            {running ? t('bulkProgress', { done, total: rows.length }) : t('bulkDone', { ok, failed })}
          </Typography.Text>
          {finished && failed > 0 && <Alert type="warning" showIcon title={t('bulkDone', { ok, failed })} />}
          <Table<CaseView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={rows}
            data-testid="bulk-results"
            columns={[
              { title: t('colCaseNo'), dataIndex: 'caseNo', width: 170 },
              {
                title: t('userStatus'),
                key: 'result',
                render: (_: unknown, r) => {
                  const res = results.get(r.id);
                  if (!res || res.status === 'pending')
                    return (
                      <Tag icon={<ClockCircleOutlined />} color="default">
                        {t('resultPending')}
                      </Tag>
                    );
                  return res.status === 'ok' ? (
                    <Tag icon={<CheckCircleOutlined />} color="success" data-result="ok">
                      {t('resultOk')}
                    </Tag>
                  ) : (
                    <Flex gap={4} align="start" data-result="failed">
                      <Tag icon={<CloseCircleOutlined />} color="error">
                        {t('resultFailed')}
                      </Tag>
                      <Typography.Text type="danger">{res.detail}</Typography.Text>
                    </Flex>
                  );
                },
              },
            ]}
          />
        </Flex>
      )}
    </Modal>
  );
}
