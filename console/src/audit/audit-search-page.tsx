/** S6 审计, the start: a case search over the caller's scope and, for the auditor, the whole unit verified. */
import { useState } from 'react';
import { Alert, Button, Card, Flex, Input, Result, Space, Table, Typography } from 'antd';
import { AuditOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { CaseView } from '../api/client';
import type { Category, Stage } from '../../../domain/case-types';
import { CATEGORY_LABELS, STAGE_LABELS, labelOf } from '../labels/labels';
import { useSession } from '../auth/session';
import { formatInstant } from '../components/format';
import { useLang } from '../i18n/use-lang';
import { useOrgUnitNames } from '../org/org-api';
import { useCaseSearch } from './audit-api';
import { AUDIT_ROLES } from './audit-case-page';
import { UnitVerify } from './unit-verify';

export default function AuditSearchPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const search = useCaseSearch(q);
  const units = useOrgUnitNames();
  if (me && !(AUDIT_ROLES as readonly string[]).includes(me.role))
    return <Result status="403" title={t('auditNotForRole')} />;
  const rows = search.data?.pages.flatMap((p) => p.items) ?? [];
  const submit = (value: string) => {
    const v = value.trim();
    setParams(v ? { q: v } : {}, { replace: true });
  };
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        <Space>
          <AuditOutlined />
          {t('auditTitle')}
        </Space>
      </Typography.Title>
      <Card title={t('auditSearchTitle', { unit: me?.orgName ?? '' })} data-testid="audit-search">
        <Flex vertical gap={12}>
          <Input.Search
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={submit}
            placeholder={t('auditSearchPlaceholder')}
            aria-label={t('auditSearchPlaceholder')}
            enterButton={
              <Space size={4}>
                <SearchOutlined />
                {t('auditSearch')}
              </Space>
            }
            allowClear
            style={{ maxWidth: 560 }}
            data-testid="audit-search-input"
          />
          {search.isError && (
            <Alert
              type="error"
              showIcon
              title={t('loadFailed')}
              description={search.error.message}
              action={<Button onClick={() => void search.refetch()}>{t('retry')}</Button>}
            />
          )}
          <Table<CaseView>
            size="small"
            rowKey="id"
            loading={search.isFetching && !search.isFetchingNextPage}
            dataSource={rows}
            pagination={false}
            locale={{ emptyText: q ? t('auditNoMatch', { q }) : t('auditNoCases') }}
            data-testid="audit-results"
            columns={[
              {
                title: t('colCaseNo'),
                dataIndex: 'caseNo',
                render: (caseNo: string, c) => <Link to={`/audit/cases/${c.id}`}>{caseNo}</Link>,
              },
              {
                title: t('colCategory'),
                dataIndex: 'category',
                render: (v: string) => labelOf(CATEGORY_LABELS, v as Category, lang),
              },
              {
                title: t('auditColSummary'),
                dataIndex: 'summary',
                ellipsis: true,
                render: (v: string | undefined) => v ?? '—',
              },
              {
                title: t('colStage'),
                dataIndex: 'stage',
                render: (v: string, c) =>
                  `${labelOf(STAGE_LABELS, v as Stage, lang)}${c.paused ? ` · ${t('auditPaused')}` : ''}`,
              },
              {
                title: t('auditColOwner'),
                dataIndex: 'ownerOrgUnitId',
                render: (v: string) => units.data?.get(v) ?? v,
              },
              {
                title: t('colCreatedAt'),
                dataIndex: 'createdAt',
                render: (v: string) => formatInstant(v, lang),
              },
              {
                title: t('auditColAction'),
                key: 'open',
                render: (_: unknown, c) => (
                  <Link to={`/audit/cases/${c.id}`} aria-label={t('auditOpenAuditOf', { caseNo: c.caseNo })}>
                    {t('auditOpenAudit')}
                  </Link>
                ),
              },
            ]}
          />
          {search.hasNextPage && (
            <div>
              <Button loading={search.isFetchingNextPage} onClick={() => void search.fetchNextPage()}>
                {t('loadMore')}
              </Button>
            </div>
          )}
        </Flex>
      </Card>
      {me?.role === 'auditor' && <UnitVerify />}
    </Flex>
  );
}
