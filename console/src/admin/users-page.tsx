/** S10 管理 · 用户: the accounts, filtered by unit and role; create, disable / enable, reset the
 * password, change role or unit, each with a required reason; the API's field errors at the fields. */
import { useMemo, useState } from 'react';
import { Button, Flex, Form, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLES, type Role } from '../../../domain/case-types';
import { requestJson } from '../api/http';
import type { UserSummary } from '../api/session-types';
import { ORG_KIND_LABELS, ROLE_LABELS, labelOf } from '../labels/labels';
import { useLang } from '../i18n/use-lang';
import { useSession } from '../auth/session';
import { buildTree, unitOptions, useOrgUnits } from '../org/org-api';
import { ReasonModal } from '../components/reason-modal';

type Change = 'create' | 'disable' | 'enable' | 'password' | 'role';

interface UserForm {
  login?: string;
  name?: string;
  role?: Role;
  org?: string;
  password?: string;
  reason?: string;
}

/** The policy the API enforces (api/account-policy.ts), checked here first. */
const PASSWORD_RULE = /^(?=.*\p{L})(?=.*\p{N}).{10,}$/u;

export default function UsersPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [orgFilter, setOrgFilter] = useState<string | undefined>();
  const [roleFilter, setRoleFilter] = useState<Role | undefined>();
  const [editing, setEditing] = useState<{ change: Change; user: UserSummary | null } | null>(null);
  const [form] = Form.useForm<UserForm>();
  const units = useOrgUnits();
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const tree = useMemo(
    () => unitOptions(buildTree(units.data ?? []), (k) => labelOf(ORG_KIND_LABELS, k, lang), undefined, t('orgClosed')),
    [units.data, lang, t],
  );
  const filterTree = useMemo(
    () => unitOptions(buildTree(units.data ?? []), (k) => labelOf(ORG_KIND_LABELS, k, lang)).map(enableAll),
    [units.data, lang],
  );
  const query = new URLSearchParams();
  if (orgFilter) query.set('orgUnitId', orgFilter);
  if (roleFilter) query.set('role', roleFilter);
  const users = useQuery({
    queryKey: ['users', 'admin', orgFilter, roleFilter],
    enabled: me?.role === 'admin',
    queryFn: () => requestJson<{ items: UserSummary[] }>('GET', `/api/v1/users?${query.toString()}`),
  });
  if (me && me.role !== 'admin') return <Navigate to="/" replace />;

  const roleOptions = ROLES.map((r) => ({ value: r, label: labelOf(ROLE_LABELS, r, lang) }));

  const start = (change: Change, user: UserSummary | null) => {
    form.resetFields();
    if (user && change === 'role') form.setFieldsValue({ role: user.role, org: user.org });
    setEditing({ change, user });
  };

  const save = async (v: UserForm) => {
    if (!editing) return;
    const reason = v.reason?.trim();
    const { change, user } = editing;
    if (change === 'create') {
      await requestJson('POST', '/api/v1/users', {
        login: v.login?.trim(),
        name: v.name?.trim(),
        role: v.role,
        org: v.org,
        password: v.password,
        reason,
      });
    } else if (user) {
      const body: Record<string, unknown> = { reason };
      if (change === 'disable') body.disabled = true;
      if (change === 'enable') body.disabled = false;
      if (change === 'password') body.password = v.password;
      if (change === 'role') {
        if (v.role !== user.role) body.role = v.role;
        if (v.org !== user.org) body.org = v.org;
      }
      await requestJson('PATCH', `/api/v1/users/${encodeURIComponent(user.id)}`, body);
    }
    await queryClient.invalidateQueries({ queryKey: ['users'] });
  };

  // A taken login is a 409 without a field: it belongs at the login field all the same.
  const loginTaken = (text: string) => {
    if (editing?.change !== 'create' || !/login/i.test(text)) return false;
    form.setFields([{ name: 'login', errors: [text] }]);
    return true;
  };

  const columns: TableColumnsType<UserSummary> = [
    { title: t('userLogin'), dataIndex: 'login', width: 160 },
    { title: t('userName'), dataIndex: 'name', width: 140 },
    {
      title: t('userRole'),
      dataIndex: 'role',
      width: 120,
      render: (r: Role) => <Tag color="blue">{labelOf(ROLE_LABELS, r, lang)}</Tag>,
    },
    {
      title: t('userUnit'),
      dataIndex: 'org',
      ellipsis: true,
      render: (org: string) => unitName.get(org) ?? org,
    },
    {
      title: t('userStatus'),
      dataIndex: 'disabled',
      width: 90,
      render: (d: boolean) =>
        d ? <Tag color="default">{t('userDisabled')}</Tag> : <Tag color="success">{t('userActive')}</Tag>,
    },
    {
      title: t('colOperations'),
      key: 'ops',
      width: 300,
      render: (_: unknown, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => start(u.disabled ? 'enable' : 'disable', u)}>
            {t(u.disabled ? 'userEnable' : 'userDisable')}
          </Button>
          <Button type="link" size="small" onClick={() => start('password', u)}>
            {t('userResetPassword')}
          </Button>
          <Button type="link" size="small" onClick={() => start('role', u)}>
            {t('userChangeRole')}
          </Button>
        </Space>
      ),
    },
  ];

  const change = editing?.change;
  const title =
    change === 'create'
      ? t('userCreate')
      : `${t(
          change === 'disable'
            ? 'userDisable'
            : change === 'enable'
              ? 'userEnable'
              : change === 'password'
                ? 'userResetPassword'
                : 'userChangeRole',
        )} · ${editing?.user?.name ?? ''}（${editing?.user?.login ?? ''}）`;

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('users')}
        </Typography.Title>
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={() => void users.refetch()}>
            {t('refresh')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="user-create"
            onClick={() => start('create', null)}
          >
            {t('userCreate')}
          </Button>
        </Flex>
      </Flex>
      <Flex gap={8}>
        <TreeSelect
          allowClear
          showSearch
          treeNodeFilterProp="title"
          placeholder={t('allUnits')}
          style={{ width: 320 }}
          value={orgFilter}
          onChange={(v) => setOrgFilter(v)}
          treeData={filterTree}
          aria-label={t('userUnit')}
        />
        <Select
          allowClear
          placeholder={t('allRoles')}
          style={{ width: 180 }}
          value={roleFilter}
          onChange={(v) => setRoleFilter(v)}
          options={roleOptions}
          aria-label={t('userRole')}
        />
      </Flex>
      <Table<UserSummary>
        size="middle"
        rowKey="id"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.isPending}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        rowClassName={(u) => (u.disabled ? 'row-disabled' : '')}
        locale={users.isError ? { emptyText: t('loadFailed') } : undefined}
      />
      <ReasonModal<UserForm>
        open={editing !== null}
        title={title}
        form={form}
        name="user"
        fields={['login', 'name', 'role', 'org', 'password']}
        onClose={() => setEditing(null)}
        submit={save}
        onUnplaced={loginTaken}
      >
        {change === 'create' && (
          <>
            <Form.Item
              name="login"
              label={t('userLogin')}
              rules={[{ required: true, whitespace: true, message: t('required') }]}
            >
              <Input autoComplete="off" maxLength={32} />
            </Form.Item>
            <Form.Item
              name="name"
              label={t('userName')}
              rules={[{ required: true, whitespace: true, message: t('required') }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </>
        )}
        {(change === 'create' || change === 'role') && (
          <>
            <Form.Item name="role" label={t('userRole')} rules={[{ required: true, message: t('required') }]}>
              <Select options={roleOptions} />
            </Form.Item>
            <Form.Item name="org" label={t('userUnit')} rules={[{ required: true, message: t('required') }]}>
              <TreeSelect showSearch treeNodeFilterProp="title" treeDefaultExpandAll treeData={tree} />
            </Form.Item>
          </>
        )}
        {(change === 'create' || change === 'password') && (
          <Form.Item
            name="password"
            label={t(change === 'create' ? 'initialPassword' : 'newPassword')}
            extra={t('passwordPolicy')}
            rules={[
              { required: true, message: t('required') },
              { pattern: PASSWORD_RULE, message: t('passwordWeak') },
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={200} />
          </Form.Item>
        )}
      </ReasonModal>
    </Flex>
  );
}

/** In a filter every unit may be picked, closed ones included. */
function enableAll<T extends { disabled?: boolean; children?: T[] }>(o: T): T {
  return { ...o, disabled: false, children: o.children?.map(enableAll) };
}
