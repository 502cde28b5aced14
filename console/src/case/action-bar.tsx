/**
 * The action bar from allowed-actions: every action the case could take now; a refused one stays
 * visible, disabled, with the decider's reason (console.md "Why can't I do this").
 */
import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Select, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { AllowedAction, CaseView } from '../api/client';
import { ApiError, newIdempotencyKey, requestJson } from '../api/http';
import { ACTION_LABELS, TRACK_LABELS, labelOf } from '../labels/labels';
import { TRACKS, type Track } from '../../../domain/case-types';
import type { ActionName } from '../../../domain/case-commands';
import { useLang } from '../i18n/use-lang';
import { useSession } from '../auth/session';

/** Actions whose form this release has; the others answer "coming". */
type FormKind = 'accept' | 'reason-required' | 'reason-optional';
const FORMS: Partial<Record<ActionName, FormKind>> = {
  accept: 'accept',
  pause: 'reason-required',
  escalate: 'reason-required',
  withdraw: 'reason-required',
  resume: 'reason-optional',
  'take-over': 'reason-optional',
};

/** The main line's next step goes first and is primary. */
const PRIMARY: ReadonlySet<ActionName> = new Set(['accept', 'take-over', 'record-session', 'record-agreement']);

interface ActionForm {
  reason?: string;
  track?: Track;
}

export function ActionBar({ view, actions }: { view: CaseView; actions: AllowedAction[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<ActionName | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ActionForm>();
  const sorted = [...actions].sort(
    (a, b) => Number(b.allowed) - Number(a.allowed) || Number(PRIMARY.has(b.action)) - Number(PRIMARY.has(a.action)),
  );

  const submit = async (action: ActionName, values: ActionForm) => {
    const body: Record<string, unknown> = {};
    if (values.reason?.trim()) body.reason = values.reason.trim();
    if (action === 'accept') Object.assign(body, { track: values.track ?? 'people', assigneeId: me?.sub });
    setBusy(true);
    try {
      await requestJson<CaseView>('POST', `/api/v1/cases/${encodeURIComponent(view.id)}/actions/${action}`, body, {
        'If-Match': `"${view.version}"`,
        'Idempotency-Key': newIdempotencyKey(),
      });
      void message.success(`${labelOf(ACTION_LABELS, action, lang)} · ${t('actionDone')}`);
      setPending(null);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    } catch (err) {
      void message.error(`${t('actionFailed')}: ${err instanceof ApiError ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  const kind = pending ? FORMS[pending] : undefined;
  return (
    <Flex gap={8} wrap data-testid="action-bar">
      {sorted.map((a) => {
        const button = (
          <Button
            key={a.action}
            data-action={a.action}
            type={a.allowed && PRIMARY.has(a.action) ? 'primary' : 'default'}
            disabled={!a.allowed}
            onClick={() => {
              if (FORMS[a.action]) setPending(a.action);
              else void message.info(t('actionComingSoon'));
            }}
          >
            {labelOf(ACTION_LABELS, a.action, lang)}
          </Button>
        );
        return a.allowed ? (
          button
        ) : (
          <Tooltip key={a.action} title={a.reason}>
            {/* A disabled button fires no mouse events: the span carries the tooltip. */}
            <span data-refused={a.action}>{button}</span>
          </Tooltip>
        );
      })}
      <Modal
        open={pending !== null}
        title={pending ? labelOf(ACTION_LABELS, pending, lang) : ''}
        okText={t('confirm')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        onCancel={() => setPending(null)}
        onOk={() => void form.validateFields().then((v) => pending && submit(pending, v))}
        destroyOnHidden
      >
        <Form<ActionForm> form={form} layout="vertical" initialValues={{ track: 'people' }}>
          {kind === 'accept' && (
            <Form.Item name="track" label={t('track')} rules={[{ required: true }]}>
              <Select options={TRACKS.map((tr) => ({ value: tr, label: labelOf(TRACK_LABELS, tr, lang) }))} />
            </Form.Item>
          )}
          <Form.Item
            name="reason"
            label={t('reason')}
            rules={
              kind === 'reason-required' ? [{ required: true, whitespace: true, message: t('reasonRequired') }] : []
            }
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
