/**
 * The fields of each action's form, named as the action's body (api/schemas.ts `actionSchemas`), so
 * the API's validation errors land on the field of the same path; and the body built from them.
 */
import { useMemo } from 'react';
import {
  Button,
  Checkbox,
  Col,
  DatePicker,
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
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { CaseView } from '../api/client';
import { requestJson } from '../api/http';
import type { UserSummary } from '../api/session-types';
import { REFERRALS, RISK_LEVELS, SUBTRACKS_OF, TRACKS, type Subtrack, type Track } from '../../../domain/case-types';
import type { ActionName } from '../../../domain/case-commands';
import {
  DEADLINE_KIND_LABELS,
  PERIOD_UNIT_LABELS,
  REFERRAL_LABELS,
  RISK_LABELS,
  TRACK_LABELS,
  labelOf,
  type Label,
} from '../labels/labels';
import { useLang } from '../i18n/use-lang';
import { useSession } from '../auth/session';
import {
  isAfterNow,
  isAfterToday,
  nowPickerValue,
  shanghaiWallToInstant,
  todayPickerValue,
} from '../components/civil-day';
import { checkRule } from '../components/field-errors';
import { formatDay } from '../components/format';
import type { PeriodUnit } from '../../../domain/legal-period';
import { subtreeOf, unitsOfKind, useOrgUnits, type OrgUnit } from '../org/org-api';

const SUBTRACK_LABELS: Record<Subtrack, Label> = {
  labor: { zh: '劳动争议', en: 'Labour' },
  public_security: { zh: '治安调解', en: 'Public security' },
  traffic: { zh: '交通事故', en: 'Traffic' },
  pre_filing: { zh: '诉前委派', en: 'Pre-filing' },
  entrusted_ordinary: { zh: '委托调解（普通程序）', en: 'Entrusted (ordinary)' },
  entrusted_summary: { zh: '委托调解（简易程序）', en: 'Entrusted (summary)' },
};

/** The deadlines an extension may move: those still counting (running, or frozen by a pause) or breached. */
function extendable(c: CaseView) {
  // A breached deadline whose breach only notified may be extended too (decisions.md 5); the API says
  // when it may not.
  return c.deadlines.filter((d) => d.status === 'running' || d.status === 'paused' || d.status === 'breached');
}

/** Whether an action's reason is required (api.md "Actions"), optional, or not asked (the form says enough). */
export const REASON: Record<ActionName, 'required' | 'optional' | 'none'> = {
  accept: 'none',
  reject: 'required',
  assign: 'required',
  'record-session': 'none',
  pause: 'required',
  resume: 'optional',
  extend: 'required',
  'record-agreement': 'none',
  'request-confirmation': 'optional',
  'take-over': 'optional',
  'record-confirmation': 'none',
  'record-failure': 'required',
  transfer: 'required',
  escalate: 'required',
  'report-risk': 'required',
  'record-follow-up': 'none',
  withdraw: 'required',
};

export type ActionValues = Record<string, unknown> & { reason?: string };

const day = (v: unknown) => (dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : undefined);
const nonBlank = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The body of `POST …/actions/<action>` from the form's values: dates as days, blanks left out. */
export function actionBody(action: ActionName, v: ActionValues, me: string | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const reason = nonBlank(v.reason);
  if (reason) body.reason = reason;
  switch (action) {
    case 'accept':
      return {
        ...body,
        track: v.track,
        ...(v.subtrack ? { subtrack: v.subtrack } : {}),
        assigneeId: v.assigneeId ?? me,
      };
    case 'record-session':
      return {
        ...body,
        heldAt: dayjs.isDayjs(v.heldAt) ? shanghaiWallToInstant(v.heldAt) : undefined,
        mode: v.mode,
        attendees: ((v.attendees as string[] | undefined) ?? []).map((a) => a.trim()).filter(Boolean),
        notes: nonBlank(v.notes) ?? '',
      };
    case 'record-agreement':
      return {
        ...body,
        terms: nonBlank(v.terms),
        signedOn: day(v.signedOn),
        ...(day(v.performanceDueOn) ? { performanceDueOn: day(v.performanceDueOn) } : {}),
        obligations: ((v.obligations as Array<{ party?: string; obligation?: string }> | undefined) ?? [])
          .filter((o) => nonBlank(o?.party) || nonBlank(o?.obligation))
          .map((o) => ({ party: nonBlank(o.party), obligation: nonBlank(o.obligation) })),
      };
    case 'record-follow-up':
      return { ...body, visitedOn: day(v.visitedOn), performed: v.performed === true, notes: nonBlank(v.notes) ?? '' };
    case 'record-confirmation':
      return { ...body, decision: v.decision, ruledOn: day(v.ruledOn) };
    case 'extend':
      return { ...body, kind: v.kind, amount: v.amount, unit: v.unit, consent: v.consent === true };
    case 'record-failure':
      return {
        ...body,
        referral: v.referral,
        ...(v.referral === 'litigation' && v.courtId ? { courtId: v.courtId } : {}),
        ...(v.referral === 'administrative' && v.agencyId ? { agencyId: v.agencyId } : {}),
      };
    case 'reject':
      return { ...body, referral: v.referral };
    case 'assign':
      return { ...body, assigneeId: v.assigneeId };
    case 'transfer':
      return { ...body, toOrgUnitId: v.toOrgUnitId };
    case 'request-confirmation':
      return { ...body, courtId: v.courtId };
    case 'report-risk':
      return { ...body, level: v.level };
    default:
      return body;
  }
}

/** Initial values: today's dates, the caller as assignee, the usual choices first. */
export function initialValues(action: ActionName, c: CaseView, me: string | undefined): ActionValues {
  const today = todayPickerValue();
  switch (action) {
    case 'accept':
      return { track: c.track ?? 'people', assigneeId: me };
    case 'record-session':
      return { heldAt: nowPickerValue(), mode: 'on_site', attendees: c.parties.map((p) => p.name) };
    case 'record-agreement':
      return { signedOn: today, obligations: [] };
    case 'record-follow-up':
      return { visitedOn: today, performed: true };
    case 'record-confirmation':
      return { decision: 'confirmed', ruledOn: today };
    case 'extend': {
      // An extension is counted in its period's own unit (decisions.md 35): a month period by months.
      const running = extendable(c)[0];
      return { kind: running?.kind, unit: running?.unit, consent: false };
    }
    case 'report-risk':
      return { level: c.riskLevel === 'low' ? 'high' : c.riskLevel };
    case 'reject':
    case 'record-failure':
      return { referral: 'litigation' };
    default:
      return {};
  }
}

/** The fields each form shows: an API error at another path goes to the banner. */
export const FIELDS: Record<ActionName, string[]> = {
  accept: ['track', 'subtrack', 'assigneeId'],
  reject: ['referral'],
  assign: ['assigneeId'],
  'record-session': ['heldAt', 'mode', 'attendees', 'notes'],
  pause: [],
  resume: [],
  extend: ['kind', 'amount', 'unit', 'consent'],
  'record-agreement': ['terms', 'signedOn', 'performanceDueOn', 'obligations'],
  'request-confirmation': ['courtId'],
  'take-over': [],
  'record-confirmation': ['decision', 'ruledOn'],
  'record-failure': ['referral', 'courtId', 'agencyId'],
  transfer: ['toOrgUnitId'],
  escalate: [],
  'report-risk': ['level'],
  'record-follow-up': ['visitedOn', 'performed', 'notes'],
  withdraw: [],
};

/** Mediators of the case's owning unit (GET /users?orgUnitId=&role=mediator), the caller among them. */
function useAssignees(orgUnitId: string) {
  const { me } = useSession();
  return useQuery({
    queryKey: ['users', 'assignees', orgUnitId],
    queryFn: async () => {
      const q = new URLSearchParams({ orgUnitId, role: 'mediator' });
      const { items } = await requestJson<{ items: UserSummary[] }>('GET', `/api/v1/users?${q.toString()}`);
      const options = items.filter((u) => !u.disabled).map((u) => ({ value: u.id, label: u.name }));
      if (me && !options.some((o) => o.value === me.sub)) options.unshift({ value: me.sub, label: me.name });
      return options;
    },
    staleTime: 60_000,
  });
}

function AssigneeField({ orgUnitId }: { orgUnitId: string }) {
  const { t } = useTranslation();
  const users = useAssignees(orgUnitId);
  return (
    <Form.Item name="assigneeId" label={t('afAssignee')} rules={[{ required: true, message: t('afRequired') }]}>
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        loading={users.isPending}
        options={users.data ?? []}
        data-testid="assignee-picker"
      />
    </Form.Item>
  );
}

function UnitSelect({ units, name, label }: { units: OrgUnit[]; name: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('afRequired') }]}>
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        options={units.map((u) => ({ value: u.id, label: u.name }))}
        data-testid={`${name}-picker`}
      />
    </Form.Item>
  );
}

const noFuture = (msg: string) => checkRule((d: Dayjs | null | undefined) => (d && isAfterToday(d) ? msg : null));
const noFutureTime = (msg: string) => checkRule((d: Dayjs | null | undefined) => (d && isAfterNow(d) ? msg : null));

/** The form body of one action (inside the modal's Form). */
export function ActionFields({ action, view }: { action: ActionName; view: CaseView }) {
  const { t } = useTranslation();
  const lang = useLang();
  const form = Form.useFormInstance<ActionValues>();
  const track = Form.useWatch<Track | undefined>('track', form);
  const referral = Form.useWatch<string | undefined>('referral', form);
  const extendUnit = Form.useWatch<string | undefined>('unit', form);
  const units = useOrgUnits();
  const all = useMemo(() => units.data ?? [], [units.data]);
  const required = [{ required: true, message: t('afRequired') }];
  const requiredText = [{ required: true, whitespace: true, message: t('afRequired') }];
  const referralSelect = (
    <Form.Item name="referral" label={t('afReferral')} rules={required}>
      <Select options={REFERRALS.map((r) => ({ value: r, label: labelOf(REFERRAL_LABELS, r, lang) }))} />
    </Form.Item>
  );

  switch (action) {
    case 'accept':
      return (
        <>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="track" label={t('track')} rules={required}>
                <Select
                  options={TRACKS.map((tr) => ({ value: tr, label: labelOf(TRACK_LABELS, tr, lang) }))}
                  onChange={() => form.setFieldValue('subtrack', undefined)}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="subtrack" label={t('afSubtrack')}>
                <Select
                  allowClear
                  disabled={!track || SUBTRACKS_OF[track].length === 0}
                  options={(track ? SUBTRACKS_OF[track] : []).map((s) => ({
                    value: s,
                    label: labelOf(SUBTRACK_LABELS, s, lang),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <AssigneeField orgUnitId={view.ownerOrgUnitId} />
        </>
      );
    case 'assign':
      return <AssigneeField orgUnitId={view.ownerOrgUnitId} />;
    case 'record-session':
      return (
        <>
          <Row gutter={12}>
            <Col span={14}>
              <Form.Item name="heldAt" label={t('afHeldAt')} rules={[...required, noFutureTime(t('afNoFuture'))]}>
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  disabledDate={isAfterToday}
                  showNow={false}
                  style={{ width: '100%' }}
                />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="mode" label={t('afMode')} rules={required}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'on_site', label: t('afModeOnSite') },
                    { value: 'online', label: t('afModeOnline') },
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="attendees" label={t('afAttendees')} extra={t('afAttendeesHint')}>
            <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} />
          </Form.Item>
          <Form.Item name="notes" label={t('afNotes')} rules={[{ max: 10_000 }]}>
            <Input.TextArea rows={5} showCount maxLength={10_000} />
          </Form.Item>
        </>
      );
    case 'record-agreement':
      return (
        <>
          <Form.Item name="terms" label={t('afTerms')} rules={[...requiredText, { max: 20_000 }]}>
            <Input.TextArea rows={5} showCount maxLength={20_000} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="signedOn" label={t('afSignedOn')} rules={[...required, noFuture(t('afNoFuture'))]}>
                <DatePicker style={{ width: '100%' }} disabledDate={isAfterToday} showNow={false} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="performanceDueOn" label={t('afPerformanceDueOn')}>
                <DatePicker style={{ width: '100%' }} showNow={false} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Text strong>{t('afObligations')}</Typography.Text>
          <Form.List name="obligations">
            {(fields, { add, remove }) => (
              <Flex vertical gap={4} style={{ marginTop: 8 }}>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="start">
                    <Form.Item name={[f.name, 'party']} rules={requiredText} style={{ width: 140, marginBottom: 8 }}>
                      <Select
                        placeholder={t('afObligationParty')}
                        options={view.parties.map((p) => ({ value: p.name, label: p.name }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'obligation']} rules={requiredText} style={{ flex: 1, marginBottom: 8 }}>
                      <Input placeholder={t('afObligation')} />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('intakeRemoveParty')}
                      onClick={() => remove(f.name)}
                    />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('afAddObligation')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </>
      );
    case 'record-follow-up':
      return (
        <>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="visitedOn" label={t('afVisitedOn')} rules={[...required, noFuture(t('afNoFuture'))]}>
                <DatePicker style={{ width: '100%' }} disabledDate={isAfterToday} showNow={false} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="performed" label={t('afPerformed')} rules={required}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: true, label: t('afPerformedYes') },
                    { value: false, label: t('afPerformedNo') },
                  ]}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="notes" label={t('afVisitNotes')} rules={[{ max: 10_000 }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </>
      );
    case 'request-confirmation':
      return <UnitSelect units={unitsOfKind(all, 'court')} name="courtId" label={t('afCourt')} />;
    case 'record-confirmation':
      return (
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="decision" label={t('afDecision')} rules={required}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'confirmed', label: t('afConfirmed') },
                  { value: 'rejected', label: t('afRejected') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="ruledOn" label={t('afRuledOn')} rules={[...required, noFuture(t('afNoFuture'))]}>
              <DatePicker style={{ width: '100%' }} disabledDate={isAfterToday} showNow={false} />
            </Form.Item>
          </Col>
        </Row>
      );
    case 'reject':
      return referralSelect;
    case 'record-failure':
      return (
        <>
          {referralSelect}
          {referral === 'litigation' && (
            <Form.Item name="courtId" label={`${t('afCourt')}${t('afOptional')}`}>
              <Select allowClear options={unitsOfKind(all, 'court').map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          )}
          {referral === 'administrative' && (
            <Form.Item name="agencyId" label={`${t('afAgency')}${t('afOptional')}`}>
              <Select allowClear options={unitsOfKind(all, 'agency').map((u) => ({ value: u.id, label: u.name }))} />
            </Form.Item>
          )}
        </>
      );
    case 'transfer': {
      const roots = all.filter((u) => u.parentId === null);
      const tree = roots.flatMap((r) => subtreeOf(all, r.id));
      return (
        <Form.Item name="toOrgUnitId" label={t('afToUnit')} rules={required}>
          <TreeSelect
            treeData={tree}
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandedKeys={[view.ownerOrgUnitId]}
            data-testid="toOrgUnitId-picker"
          />
        </Form.Item>
      );
    }
    case 'extend':
      return (
        <>
          <Form.Item name="kind" label={t('afDeadline')} rules={required}>
            <Select
              options={extendable(view).map((d) => ({
                value: d.kind,
                label: `${labelOf(DEADLINE_KIND_LABELS, d.kind, lang)} · ${t('dueDateOn', { date: formatDay(d.dueDate, lang) })}`,
              }))}
              // The unit follows the deadline: each is extended in its own period's unit.
              onChange={(kind: string) =>
                form.setFieldValue('unit', extendable(view).find((d) => d.kind === kind)?.unit)
              }
            />
          </Form.Item>
          <Form.Item name="unit" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="amount" label={t('afAmount')} rules={required}>
            <InputNumber<number>
              min={1}
              max={365}
              precision={0}
              style={{ width: '100%' }}
              suffix={extendUnit ? labelOf(PERIOD_UNIT_LABELS, extendUnit as PeriodUnit, lang) : undefined}
            />
          </Form.Item>
          <Form.Item name="consent" valuePropName="checked">
            <Checkbox>{t('afConsent')}</Checkbox>
          </Form.Item>
        </>
      );
    case 'report-risk':
      return (
        <Form.Item name="level" label={t('afRiskLevel')} rules={required} extra={t('intakeRiskClock')}>
          <Radio.Group
            optionType="button"
            options={RISK_LEVELS.map((r) => ({ value: r, label: labelOf(RISK_LABELS, r, lang) }))}
          />
        </Form.Item>
      );
    default:
      return null;
  }
}
