/**
 * S8 组织机构: the tree by kind, closed units shown as such; for the selected unit its open and overdue
 * cases (what the caller may see of them); an administrator creates, renames, moves, closes and reopens
 * units with a reason and reads each unit's history.
 */
import { useMemo, useState } from 'react';
import {
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Space,
  Statistic,
  Tag,
  Timeline,
  Tree,
  TreeSelect,
  Typography,
  theme,
} from 'antd';
import type { TreeDataNode } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ORG_KINDS, type OrgKind } from '../../../domain/case-types';
import { requestJson } from '../api/http';
import { WarningOutlined } from '@ant-design/icons';
import { ORG_KIND_LABELS, ROLE_LABELS, labelOf } from '../labels/labels';
import { formatInstant } from '../components/format';
import { useLang } from '../i18n/use-lang';
import { useSession } from '../auth/session';
import { ReasonModal } from '../components/reason-modal';
import type { MessageKey } from '../i18n/messages';
import { buildTree, subtreeIds, unitOptions, useOrgUnits, type OrgNode, type OrgUnit } from './org-api';

type Edit = 'create' | 'rename' | 'move' | 'close' | 'reopen';

interface UnitForm {
  id?: string;
  name?: string;
  kind?: OrgKind;
  parentId?: string | null;
  reason?: string;
}

interface Change {
  id: string;
  unitId: string;
  change: 'created' | 'renamed' | 'moved' | 'closed' | 'reopened';
  before: { name?: string; parentId?: string | null } | null;
  after: { name?: string; parentId?: string | null };
  actor: { sub: string; role: string; org: string };
  reason: string;
  at: string;
}

const KIND_COLOUR: Record<OrgKind, string> = {
  city_center: 'purple',
  county_center: 'geekblue',
  township_center: 'blue',
  station_room: 'cyan',
  village_committee: 'green',
  court: 'volcano',
  agency: 'orange',
};

/** Open and overdue cases each unit owns itself, within what the caller may see: one request for the
 * whole tree (`GET /cases/counts-by-unit`); a unit absent from the answer has none. */
function useUnitCounts(enabled: boolean) {
  return useQuery({
    queryKey: ['cases', 'unit-counts'],
    enabled,
    queryFn: async () => {
      const res = await requestJson<{ items: Array<{ orgUnitId: string; open: number; overdue: number }> }>(
        'GET',
        '/api/v1/cases/counts-by-unit',
      );
      return new Map(res.items.map((r) => [r.orgUnitId, r]));
    },
  });
}

export default function OrgPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const { token } = theme.useToken();
  const units = useOrgUnits();
  const isAdmin = me?.role === 'admin';
  const [selected, setSelected] = useState<string | null>(me?.org ?? null);
  const [edit, setEdit] = useState<Edit | null>(null);
  const [form] = Form.useForm<UnitForm>();
  const list = useMemo(() => units.data ?? [], [units.data]);
  const byId = useMemo(() => new Map(list.map((u) => [u.id, u])), [list]);
  const roots = useMemo(() => buildTree(list), [list]);
  const unit = selected ? (byId.get(selected) ?? null) : null;
  const unitCounts = useUnitCounts(!isAdmin);
  const countsOf = (id: string | null) =>
    unitCounts.data ? ((id ? unitCounts.data.get(id) : undefined) ?? { open: 0, overdue: 0 }) : undefined;
  const counts = countsOf(selected);
  const history = useQuery({
    queryKey: ['org-units', 'history', selected],
    enabled: selected !== null,
    queryFn: () =>
      requestJson<{ items: Change[] }>('GET', `/api/v1/org-units/${encodeURIComponent(selected!)}/history`),
  });
  // Names for the history's actors: the accounts the caller may see (an administrator sees all).
  const people = useQuery({
    queryKey: ['users', 'names-all'],
    queryFn: async () => {
      const { items } = await requestJson<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/users');
      return new Map(items.map((u) => [u.id, u.name]));
    },
    staleTime: 5 * 60_000,
    retry: false,
  });
  const kindLabel = (k: OrgKind) => labelOf(ORG_KIND_LABELS, k, lang);

  // The caller's own unit and its ancestors open at first.
  const defaultExpanded = useMemo(() => {
    const keys: string[] = [];
    let u = me?.org ? byId.get(me.org) : undefined;
    while (u) {
      keys.push(u.id);
      u = u.parentId ? byId.get(u.parentId) : undefined;
    }
    return keys.length > 0 ? keys : roots.map((r) => r.unit.id);
  }, [byId, me?.org, roots]);

  const toTreeData = (nodes: OrgNode[]): TreeDataNode[] =>
    nodes.map((n) => ({
      key: n.unit.id,
      title: (
        <Space size={4} data-unit={n.unit.id}>
          <Tag color={n.unit.closed ? 'default' : KIND_COLOUR[n.unit.kind]} style={{ marginInlineEnd: 0 }}>
            {kindLabel(n.unit.kind)}
          </Tag>
          <span
            style={n.unit.closed ? { color: token.colorTextDescription, textDecoration: 'line-through' } : undefined}
          >
            {n.unit.name}
          </span>
          {n.unit.closed && <Tag>{t('orgClosed')}</Tag>}
          <UnitCountTags counts={countsOf(n.unit.id)} />
        </Space>
      ),
      children: toTreeData(n.children),
    }));

  const start = (e: Edit) => {
    form.resetFields();
    if (e === 'create') form.setFieldsValue({ parentId: unit && !unit.closed ? unit.id : null });
    if (e === 'rename') form.setFieldsValue({ name: unit?.name });
    if (e === 'move') form.setFieldsValue({ parentId: unit?.parentId ?? null });
    setEdit(e);
  };

  const save = async (v: UnitForm) => {
    const reason = v.reason?.trim();
    if (edit === 'create') {
      const created = await requestJson<OrgUnit>('POST', '/api/v1/org-units', {
        id: v.id?.trim(),
        name: v.name?.trim(),
        kind: v.kind,
        parentId: v.parentId ?? null,
        reason,
      });
      setSelected(created.id);
    } else if (unit) {
      const body: Record<string, unknown> = { reason };
      if (edit === 'rename') body.name = v.name?.trim();
      if (edit === 'move') body.parentId = v.parentId ?? null;
      if (edit === 'close') body.closed = true;
      if (edit === 'reopen') body.closed = false;
      await requestJson('PATCH', `/api/v1/org-units/${encodeURIComponent(unit.id)}`, body);
    }
    await queryClient.invalidateQueries({ queryKey: ['org-units'] });
  };

  // A unit cannot move under itself or below itself.
  const below = unit && edit === 'move' ? subtreeIds(list, unit.id) : new Set<string>();
  const parentTree = unitOptions(roots, kindLabel, (u) => below.has(u.id), t('orgClosed'));
  const editTitle: Record<Edit, MessageKey> = {
    create: 'orgCreate',
    rename: 'orgRename',
    move: 'orgMove',
    close: 'orgClose',
    reopen: 'orgReopen',
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('orgTree')}
        </Typography.Title>
        {isAdmin && (
          <Button type="primary" data-testid="org-create" onClick={() => start('create')}>
            {t('orgCreate')}
          </Button>
        )}
      </Flex>
      <Flex gap={16} align="start" wrap>
        <Card size="small" style={{ flex: '1 1 420px', minWidth: 360 }} loading={units.isPending}>
          {roots.length > 0 && (
            <Tree
              showLine
              blockNode
              defaultExpandedKeys={defaultExpanded}
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => keys[0] !== undefined && setSelected(String(keys[0]))}
              treeData={toTreeData(roots)}
              data-testid="org-tree"
            />
          )}
        </Card>
        <Card
          size="small"
          style={{ flex: '1 1 480px', minWidth: 360 }}
          title={
            unit ? (
              <Space>
                {unit.name}
                {unit.closed && <Tag>{t('orgClosed')}</Tag>}
              </Space>
            ) : undefined
          }
          extra={
            unit && isAdmin ? (
              <Space size={4} wrap>
                <Button size="small" onClick={() => start('rename')}>
                  {t('orgRename')}
                </Button>
                <Button size="small" onClick={() => start('move')}>
                  {t('orgMove')}
                </Button>
                {unit.closed ? (
                  <Button size="small" onClick={() => start('reopen')}>
                    {t('orgReopen')}
                  </Button>
                ) : (
                  <Button size="small" danger onClick={() => start('close')}>
                    {t('orgClose')}
                  </Button>
                )}
              </Space>
            ) : undefined
          }
        >
          {!unit ? (
            <Empty description={t('orgSelectHint')} />
          ) : (
            <Flex vertical gap={16}>
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t('orgId')}>{unit.id}</Descriptions.Item>
                <Descriptions.Item label={t('orgKind')}>{kindLabel(unit.kind)}</Descriptions.Item>
                <Descriptions.Item label={t('orgParent')}>
                  {unit.parentId ? (byId.get(unit.parentId)?.name ?? unit.parentId) : t('orgNoParent')}
                </Descriptions.Item>
              </Descriptions>
              {isAdmin ? (
                <Typography.Text type="secondary">{t('orgCasesNoAccess')}</Typography.Text>
              ) : (
                <Flex vertical gap={4}>
                  <Flex gap={32} data-testid="org-counts">
                    <Statistic title={t('orgOpenCases')} value={counts?.open ?? '—'} loading={unitCounts.isPending} />
                    <Statistic
                      title={t('orgOverdueCases')}
                      value={counts?.overdue ?? '—'}
                      loading={unitCounts.isPending}
                      valueStyle={counts && counts.overdue > 0 ? { color: '#cf1322' } : undefined}
                    />
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: token.fontSizeSM }}>
                    {t('orgCountsHint')}
                  </Typography.Text>
                </Flex>
              )}
              <div>
                <Typography.Title level={5}>{t('orgHistory')}</Typography.Title>
                {history.data && history.data.items.length === 0 ? (
                  <Typography.Text type="secondary">{t('orgNoHistory')}</Typography.Text>
                ) : (
                  <Timeline
                    items={(history.data?.items ?? [])
                      .slice()
                      .reverse()
                      .map((c) => ({
                        key: c.id,
                        color: c.change === 'closed' ? 'red' : c.change === 'reopened' ? 'green' : 'blue',
                        content: (
                          <Flex vertical>
                            <Typography.Text strong>
                              {t(`orgChange_${c.change}` as MessageKey)}
                              {c.change === 'renamed' && ` · ${c.before?.name ?? ''} → ${c.after.name ?? ''}`}
                              {c.change === 'moved' &&
                                ` · ${byId.get(c.before?.parentId ?? '')?.name ?? c.before?.parentId ?? '—'} → ${
                                  byId.get(c.after.parentId ?? '')?.name ?? c.after.parentId ?? '—'
                                }`}
                            </Typography.Text>
                            <Typography.Text type="secondary">
                              {formatInstant(c.at, lang)} · {labelOf(ROLE_LABELS, c.actor.role as never, lang)}{' '}
                              {people.data?.get(c.actor.sub) ?? c.actor.sub}
                            </Typography.Text>
                            <Typography.Text>{c.reason}</Typography.Text>
                          </Flex>
                        ),
                      }))}
                  />
                )}
              </div>
            </Flex>
          )}
        </Card>
      </Flex>
      <ReasonModal<UnitForm>
        open={edit !== null}
        title={edit ? `${t(editTitle[edit])}${edit !== 'create' && unit ? ` · ${unit.name}` : ''}` : ''}
        form={form}
        name="unit"
        fields={['id', 'name', 'kind', 'parentId']}
        danger={edit === 'close'}
        onClose={() => setEdit(null)}
        submit={save}
      >
        {edit === 'create' && (
          <>
            <Form.Item
              name="id"
              label={t('orgId')}
              extra={t('orgIdHint')}
              rules={[{ required: true, pattern: /^[A-Z0-9][A-Z0-9-]{0,63}$/, message: t('orgIdHint') }]}
            >
              <Input maxLength={64} />
            </Form.Item>
            <Form.Item name="kind" label={t('orgKind')} rules={[{ required: true, message: t('required') }]}>
              <Select options={ORG_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} />
            </Form.Item>
          </>
        )}
        {(edit === 'create' || edit === 'rename') && (
          <Form.Item
            name="name"
            label={t('orgName')}
            rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
        )}
        {(edit === 'create' || edit === 'move') && (
          <Form.Item name="parentId" label={t('orgParent')}>
            <TreeSelect
              allowClear
              showSearch
              treeNodeFilterProp="title"
              treeDefaultExpandAll
              treeData={parentTree}
              placeholder={t('orgNoParent')}
            />
          </Form.Item>
        )}
      </ReasonModal>
    </Flex>
  );
}

/** A unit's counts beside its name in the tree: open, and overdue in red with a warning icon (colour is
 * never the only signal). Nothing for a unit without open cases. */
function UnitCountTags({ counts }: { counts: { open: number; overdue: number } | undefined }) {
  const { t } = useTranslation();
  if (!counts || counts.open === 0) return null;
  return (
    <>
      <Tag style={{ marginInlineEnd: 0 }}>{t('orgTreeOpen', { n: counts.open })}</Tag>
      {counts.overdue > 0 && (
        <Tag color="red" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('orgTreeOverdue', { n: counts.overdue })}
        </Tag>
      )}
    </>
  );
}
