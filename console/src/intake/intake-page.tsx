/**
 * S3 登记: one form in three sections (纠纷信息 → 当事人 → 核对提交), top to bottom, so a station clerk
 * types straight through without paging. The browser checks what it can with the API's own rules
 * (`domain/`'s resident-ID check digit, no future dates, a guardian for a minor); the API's 400 errors
 * land on the field they name. One Idempotency-Key per form: a double click or a retry files one case.
 */
import { useMemo, useRef, useState } from 'react';
import {
  Alert,
  Anchor,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  TreeSelect,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import type { CaseView } from '../api/client';
import { ApiError, requestJson } from '../api/http';
import { KeyedPost } from '../api/keyed-post';
import {
  CATEGORIES,
  PARTY_ROLES,
  RISK_LEVELS,
  SOURCES,
  type Category,
  type PartyRole,
  type RiskLevel,
  type Source,
} from '../../../domain/case-types';
import { isValidResidentId } from '../../../domain/resident-id';
import { dayInfo, legacyCalendar } from '../../../domain/calendar';
import { dayOfWeek, type IsoDate } from '../../../domain/civil-date';
import {
  CATEGORY_LABELS,
  PARTY_ROLE_LABELS,
  PERIOD_UNIT_LABELS,
  RISK_LABELS,
  SOURCE_LABELS,
  STAGE_LABELS,
  labelOf,
} from '../labels/labels';
import { useLang } from '../i18n/use-lang';
import { useSession } from '../auth/session';
import { isAfterToday, todayInShanghai } from '../components/civil-day';
import { formatDay } from '../components/format';
import { subtreeOf, useOrgUnits } from '../org/org-api';
import { checkRule, showFieldErrors, type FieldPath } from '../components/field-errors';
import { useAcceptancePreview, useOpenCasesOfParty } from './intake-api';
import type { PeriodUnit } from '../../../domain/legal-period';

interface PartyValues {
  role: PartyRole;
  name?: string;
  idNumber?: string;
  phone?: string;
  address?: string;
  minor?: boolean;
  guardian?: { name?: string; phone?: string };
}

interface IntakeValues {
  category?: Category;
  source: Source;
  orgUnitId?: string;
  gridId?: string;
  occurredOn?: Dayjs | null;
  amountCny?: number | null;
  riskLevel: RiskLevel;
  summary?: string;
  parties: PartyValues[];
}

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const blank = (s: string | undefined) => !s || s.trim() === '';
const trimmed = (s: string | undefined) => (blank(s) ? undefined : s!.trim());

/** The body of POST /cases from the form (api/schemas.ts `intakeSchema`): blanks left out, dates as days. */
function intakeBody(v: IntakeValues): Record<string, unknown> {
  return {
    category: v.category,
    summary: v.summary?.trim(),
    source: v.source,
    orgUnitId: v.orgUnitId,
    ...(trimmed(v.gridId) ? { gridId: trimmed(v.gridId) } : {}),
    ...(v.occurredOn ? { occurredOn: v.occurredOn.format('YYYY-MM-DD') } : {}),
    ...(typeof v.amountCny === 'number' ? { amountCny: v.amountCny } : {}),
    riskLevel: v.riskLevel,
    parties: v.parties.map((p) => ({
      role: p.role,
      name: p.name?.trim(),
      ...(trimmed(p.idNumber) ? { idNumber: trimmed(p.idNumber)!.toUpperCase() } : {}),
      ...(trimmed(p.phone) ? { phone: trimmed(p.phone) } : {}),
      ...(trimmed(p.address) ? { address: trimmed(p.address) } : {}),
      ...(p.minor
        ? {
            minor: true,
            guardian: {
              name: p.guardian?.name?.trim(),
              ...(trimmed(p.guardian?.phone) ? { phone: trimmed(p.guardian?.phone) } : {}),
            },
          }
        : {}),
    })),
  };
}

/** A party's open cases, shown under the ID number as soon as the number is valid (repeat dispute). */
function RepeatWarning({ idNumber }: { idNumber: string | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const open = useOpenCasesOfParty(idNumber?.trim().toUpperCase());
  // A lookup that failed is not "no open case": the clerk is told the check could not be made.
  if (open.isError && !open.data)
    return <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('intakeRepeatUnknown')} />;
  if (!open.data?.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      icon={<WarningOutlined />}
      data-testid="repeat-warning"
      style={{ marginBottom: 12 }}
      title={t('intakeRepeat', { n: open.data.length })}
      description={
        <Flex gap={8} wrap>
          {open.data.slice(0, 5).map((c) => (
            <Link key={c.id} to={`/cases/${encodeURIComponent(c.id)}`} target="_blank">
              {c.caseNo}（{labelOf(STAGE_LABELS, c.stage, lang)}）
            </Link>
          ))}
        </Flex>
      }
    />
  );
}

function PartyCard({ index, onRemove }: { index: number; onRemove: (() => void) | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const form = Form.useFormInstance<IntakeValues>();
  const minor = Form.useWatch<boolean | undefined>(['parties', index, 'minor'], form);
  const idNumber = Form.useWatch<string | undefined>(['parties', index, 'idNumber'], form);
  return (
    <Card
      size="small"
      type="inner"
      data-testid={`party-${index}`}
      title={t('intakePartyN', { n: index + 1 })}
      extra={
        onRemove && (
          <Button type="text" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('intakeRemoveParty')}>
            {t('intakeRemoveParty')}
          </Button>
        )
      }
    >
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name={[index, 'role']} label={t('partyRole')} rules={[{ required: true }]}>
            <Select options={PARTY_ROLES.map((r) => ({ value: r, label: labelOf(PARTY_ROLE_LABELS, r, lang) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item
            name={[index, 'name']}
            label={t('partyName')}
            rules={[{ required: true, whitespace: true, message: t('intakeNameRequired') }, { max: 100 }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={7}>
          <Form.Item
            name={[index, 'idNumber']}
            label={t('idNumber')}
            validateFirst
            rules={[
              checkRule((v: string | undefined) => {
                if (blank(v)) return null;
                const id = v!.trim().toUpperCase();
                if (!/^\d{17}[\dX]$/.test(id)) return t('intakeIdFormat');
                return isValidResidentId(id) ? null : t('intakeIdCheck');
              }),
            ]}
          >
            <Input autoComplete="off" maxLength={18} placeholder={t('intakeIdPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item
            name={[index, 'phone']}
            label={t('phone')}
            rules={[{ pattern: PHONE, message: t('intakePhoneFormat') }]}
          >
            <Input autoComplete="off" inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
      <RepeatWarning idNumber={idNumber} />
      <Row gutter={16}>
        <Col xs={24} md={14}>
          <Form.Item name={[index, 'address']} label={t('intakeAddress')} rules={[{ max: 300 }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name={[index, 'minor']} valuePropName="checked" label={t('intakeMinorLabel')}>
            <Checkbox>{t('intakeMinor')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      {minor && (
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name={[index, 'guardian', 'name']}
              label={t('intakeGuardian')}
              rules={[{ required: true, whitespace: true, message: t('intakeGuardianRequired') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={[index, 'guardian', 'phone']}
              label={t('intakeGuardianPhone')}
              rules={[{ pattern: PHONE, message: t('intakePhoneFormat') }]}
            >
              <Input autoComplete="off" inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
      )}
    </Card>
  );
}

/** 「受理期限 3 个工作日，至 10 月 10 日（调休上班）」 from the server's preview. */
function AcceptancePreview({ today }: { today: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const preview = useAcceptancePreview(today);
  if (!preview.data) return null;
  const p = preview.data;
  const makeUp = (() => {
    const due = p.dueDate as IsoDate;
    const wd = dayOfWeek(due);
    return (wd === 0 || wd === 6) && dayInfo(legacyCalendar(), due).working;
  })();
  return (
    <Alert
      type="info"
      showIcon
      data-testid="acceptance-preview"
      title={
        t('intakePreview', {
          period: `${p.amount} ${labelOf(PERIOD_UNIT_LABELS, p.unit as PeriodUnit, lang)}`,
          date: formatDay(p.dueDate, lang),
        }) +
        (makeUp ? t('intakeMakeUpDay') : '') +
        (p.provisional ? ` · ${t('provisional')}` : '')
      }
      description={`${t('basis')}：${p.basis}`}
    />
  );
}

export default function IntakePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { me } = useSession();
  const units = useOrgUnits();
  const [form] = Form.useForm<IntakeValues>();
  // One key for this form instance: every retry of the same filing carries it (api.md "Intake"), and a
  // corrected retry after a lost answer gets the case the first send filed (api/keyed-post.ts).
  const filing = useRef(
    new KeyedPost((body: ReturnType<typeof intakeBody>, key: string) =>
      requestJson<CaseView>('POST', '/api/v1/cases', body, { 'Idempotency-Key': key }),
    ),
  );
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [formProblems, setFormProblems] = useState<string[]>([]);
  const today = todayInShanghai();
  const riskLevel = Form.useWatch('riskLevel', form);
  const values = Form.useWatch([], form) as IntakeValues | undefined;
  const tree = useMemo(() => (units.data && me ? subtreeOf(units.data, me.org) : []), [units.data, me]);
  const unitName = (id: string | undefined) => units.data?.find((u) => u.id === id)?.name ?? id ?? '—';

  const submit = async (v: IntakeValues) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setFormProblems([]);
    try {
      const { result: created, replayed } = await filing.current.post(intakeBody(v));
      if (replayed) void message.warning(t('intakeFiledBefore', { caseNo: created.caseNo }), 10);
      else void message.success(t('intakeFiled', { caseNo: created.caseNo }));
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      void navigate(`/cases/${encodeURIComponent(created.id)}`);
    } catch (err) {
      const known = (path: FieldPath) => form.getFieldInstance(path) !== undefined || path[0] === 'parties';
      const rest = showFieldErrors(form, err, known);
      if (err instanceof ApiError && err.status === 400) {
        // Refused as sent: nothing was filed, so the corrected form is a new request with a new key.
        filing.current.renew();
        setFormProblems(rest.length ? rest : []);
        void message.error(t('intakeFixFields'));
      } else {
        // A lost answer may still have filed the case: the retry keeps the key and files it at most once.
        setFormProblems([`${t('actionFailed')}: ${err instanceof Error ? err.message : String(err)}`]);
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const sections = [
    { key: 'dispute', href: '#intake-dispute', title: t('intakeDispute') },
    { key: 'parties', href: '#intake-parties', title: t('parties') },
    { key: 'review', href: '#intake-review', title: t('intakeReview') },
  ];

  return (
    <Flex gap={24} align="start">
      <Flex vertical gap={12} style={{ flex: 1, minWidth: 0, maxWidth: 1100 }}>
        <Flex align="center" gap={12}>
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/')} style={{ padding: 0 }}>
            {t('backToQueue')}
          </Button>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('intake')}
          </Typography.Title>
        </Flex>
        <Form<IntakeValues>
          form={form}
          layout="vertical"
          requiredMark
          scrollToFirstError={{ block: 'center' }}
          onFinish={(v) => void submit(v)}
          initialValues={{
            source: 'walk_in',
            riskLevel: 'low',
            orgUnitId: me?.org,
            parties: [{ role: 'applicant' }, { role: 'respondent' }],
          }}
        >
          <Flex vertical gap={12}>
            <Card id="intake-dispute" title={`1 · ${t('intakeDispute')}`}>
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="category"
                    label={t('colCategory')}
                    rules={[{ required: true, message: t('intakeCategoryRequired') }]}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      placeholder={t('intakeChoose')}
                      options={CATEGORIES.map((c) => ({ value: c, label: labelOf(CATEGORY_LABELS, c, lang) }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="source" label={t('colSource')} rules={[{ required: true }]}>
                    <Select options={SOURCES.map((s) => ({ value: s, label: labelOf(SOURCE_LABELS, s, lang) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="orgUnitId" label={t('intakeUnit')} rules={[{ required: true }]}>
                    <TreeSelect
                      treeData={tree}
                      treeDefaultExpandAll
                      showSearch={{ treeNodeFilterProp: 'title' }}
                      loading={units.isPending}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name="occurredOn"
                    label={t('occurredOn')}
                    rules={[
                      checkRule((d: Dayjs | null | undefined) => (d && isAfterToday(d) ? t('intakeNoFuture') : null)),
                    ]}
                  >
                    <DatePicker
                      style={{ width: '100%' }}
                      disabledDate={isAfterToday}
                      placeholder={t('intakeChooseDate')}
                      showNow={false}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="amountCny" label={t('intakeAmount')}>
                    <InputNumber<number>
                      style={{ width: '100%' }}
                      prefix="¥"
                      min={0}
                      max={1e12}
                      precision={2}
                      formatter={(v) =>
                        v === undefined || v === null ? '' : `${v}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
                      }
                      parser={(v) => Number((v ?? '').replace(/[¥,\s]/g, ''))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name="gridId" label={t('intakeGrid')} rules={[{ max: 64 }]}>
                    <Input autoComplete="off" placeholder={t('intakeGridHint')} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="riskLevel" label={t('intakeRisk')} rules={[{ required: true }]}>
                <Radio.Group
                  optionType="button"
                  options={RISK_LEVELS.map((r) => ({ value: r, label: labelOf(RISK_LABELS, r, lang) }))}
                />
              </Form.Item>
              {(riskLevel === 'high' || riskLevel === 'critical') && (
                <Alert
                  type="error"
                  showIcon
                  data-testid="risk-clock"
                  style={{ marginBottom: 16 }}
                  title={t('intakeRiskClock')}
                />
              )}
              <Form.Item
                name="summary"
                label={t('summary')}
                rules={[{ required: true, whitespace: true, message: t('intakeSummaryRequired') }, { max: 5000 }]}
              >
                <Input.TextArea rows={4} showCount maxLength={5000} />
              </Form.Item>
            </Card>

            <Card id="intake-parties" title={`2 · ${t('parties')}`}>
              <Form.List
                name="parties"
                rules={[
                  checkRule((parties: PartyValues[] | undefined) => {
                    const roles = new Set((parties ?? []).map((p) => p?.role));
                    return roles.has('applicant') && roles.has('respondent') ? null : t('intakeBothSides');
                  }),
                ]}
              >
                {(fields, { add, remove }, { errors }) => (
                  <Flex vertical gap={12}>
                    {fields.map((f) => (
                      <PartyCard
                        key={f.key}
                        index={f.name}
                        onRemove={fields.length > 2 ? () => remove(f.name) : null}
                      />
                    ))}
                    <Form.ErrorList errors={errors} />
                    <Button
                      type="dashed"
                      icon={<PlusOutlined />}
                      onClick={() => add({ role: 'third_party' })}
                      disabled={fields.length >= 50}
                    >
                      {t('intakeAddParty')}
                    </Button>
                  </Flex>
                )}
              </Form.List>
            </Card>

            <Card id="intake-review" title={`3 · ${t('intakeReview')}`}>
              <Flex vertical gap={12}>
                <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered data-testid="intake-review">
                  <Descriptions.Item label={t('colCategory')}>
                    {labelOf(CATEGORY_LABELS, values?.category, lang)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('intakeUnit')}>{unitName(values?.orgUnitId)}</Descriptions.Item>
                  <Descriptions.Item label={t('intakeRisk')}>
                    {labelOf(RISK_LABELS, values?.riskLevel, lang)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('colSource')}>
                    {labelOf(SOURCE_LABELS, values?.source, lang)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('occurredOn')}>
                    {values?.occurredOn ? formatDay(values.occurredOn.format('YYYY-MM-DD'), lang) : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('intakeAmount')}>
                    {typeof values?.amountCny === 'number' ? `¥${values.amountCny.toLocaleString('zh-CN')}` : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('parties')} span={3}>
                    {(values?.parties ?? [])
                      .filter((p) => p && !blank(p.name))
                      .map((p) => `${labelOf(PARTY_ROLE_LABELS, p.role, lang)} ${p.name!.trim()}`)
                      .join('；') || '—'}
                  </Descriptions.Item>
                </Descriptions>
                <AcceptancePreview today={today} />
                {formProblems.length > 0 && (
                  <Alert type="error" showIcon title={formProblems.join('；')} data-testid="intake-problems" />
                )}
                <Flex gap={12}>
                  <Button type="primary" size="large" htmlType="submit" loading={busy} data-testid="intake-submit">
                    {t('intakeSubmit')}
                  </Button>
                  <Button size="large" onClick={() => void navigate('/')}>
                    {t('cancel')}
                  </Button>
                </Flex>
              </Flex>
            </Card>
          </Flex>
        </Form>
      </Flex>
      <Anchor
        style={{ position: 'sticky', top: 16, width: 140, flex: 'none' }}
        offsetTop={16}
        items={sections}
        replace
      />
    </Flex>
  );
}
