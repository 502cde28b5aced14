/**
 * The action bar from allowed-actions: every action the case could take now; a refused one stays
 * visible, disabled, with the decider's reason (console.md "Why can't I do this").
 */
import { useRef, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { AllowedAction, CaseView } from '../api/client';
import { ApiError, requestJson } from '../api/http';
import { KeyedPost } from '../api/keyed-post';
import { ACTION_LABELS, OUTCOME_LABELS, labelOf } from '../labels/labels';
import type { ActionName } from '../../../domain/case-commands';
import { useLang } from '../i18n/use-lang';
import { useSession } from '../auth/session';
import { showFieldErrors } from '../components/field-errors';
import { hasFieldErrors, validFields } from '../components/valid-fields';
import { ActionFields, FIELDS, REASON, actionBody, initialValues, type ActionValues } from './action-forms';

/** One send of an action's form: the version it was filled against goes with it (If-Match). */
interface ActionRequest {
  action: ActionName;
  body: Record<string, unknown>;
  version: number;
}

/** The main line's next step goes first and is primary. */
const PRIMARY: ReadonlySet<ActionName> = new Set([
  'accept',
  'take-over',
  'record-session',
  'record-agreement',
  'record-follow-up',
]);

/** Forms with more to type get a wider modal. */
const WIDE: ReadonlySet<ActionName> = new Set(['record-session', 'record-agreement', 'record-follow-up']);

export function ActionBar({ view, actions }: { view: CaseView; actions: AllowedAction[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { me } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<ActionName | null>(null);
  const lastPending = useRef<ActionName>('accept');
  if (pending) lastPending.current = pending;
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [form] = Form.useForm<ActionValues>();
  // One key per opened form: a double click or a retry after a lost answer is applied once, and a corrected
  // retry after a lost answer gets the earlier send's outcome (api/keyed-post.ts).
  const sending = useRef<KeyedPost<ActionRequest, CaseView> | null>(null);
  // The version the open form was filled against: a live update under the form must not turn a stale
  // submit into a fresh one (the API answers 412 and the user reviews the change first).
  const formVersion = useRef(view.version);
  const sorted = [...actions].sort(
    (a, b) => Number(b.allowed) - Number(a.allowed) || Number(PRIMARY.has(b.action)) - Number(PRIMARY.has(a.action)),
  );

  const openForm = (action: ActionName) => {
    sending.current = new KeyedPost((r: ActionRequest, key: string) =>
      requestJson<CaseView>('POST', `/api/v1/cases/${encodeURIComponent(view.id)}/actions/${r.action}`, r.body, {
        'If-Match': `"${r.version}"`,
        'Idempotency-Key': key,
      }),
    );
    formVersion.current = view.version;
    setProblems([]);
    setPending(action);
  };

  const submit = async (action: ActionName, values: ActionValues) => {
    if (busy) return;
    setBusy(true);
    setProblems([]);
    try {
      const { replayed } = await sending.current!.post({
        action,
        body: actionBody(action, values, me?.sub),
        version: formVersion.current,
      });
      const done = `${labelOf(ACTION_LABELS, action, lang)} · `;
      if (replayed) void message.warning(done + t('actionDoneBefore'), 10);
      else void message.success(done + t('actionDone'));
      setPending(null);
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
    } catch (err) {
      // The session ran out: its own dialog says so and keeps this form; confirming again sends it.
      if (err instanceof ApiError && err.status === 401) return;
      if (err instanceof ApiError && err.status === 412) {
        // Someone acted first: nothing was applied. The case is reloaded under the open form, which keeps
        // what was typed; confirming again sends it against the new version, with a new key.
        sending.current!.renew();
        setProblems([t('afStale')]);
        await queryClient.invalidateQueries({ queryKey: ['cases'] });
        // Confirming again sends it against the version now shown.
        formVersion.current =
          queryClient.getQueryData<CaseView>(['cases', 'one', view.id])?.version ?? formVersion.current;
        return;
      }
      const fields = new Set([...FIELDS[action], 'reason']);
      const rest = showFieldErrors(form, err, (path) => fields.has(String(path[0])));
      if (err instanceof ApiError && err.status === 400) {
        sending.current!.renew(); // refused as sent: the corrected form is a new request
        setProblems(rest);
      } else setProblems([`${t('actionFailed')}: ${err instanceof Error ? err.message : String(err)}`]);
    } finally {
      setBusy(false);
    }
  };

  const reason = pending ? REASON[pending] : 'none';
  // A closed case takes no action: one line with how it ended says more than seventeen greyed buttons.
  if (view.stage === 'closed' && actions.every((a) => !a.allowed))
    return (
      <Typography.Text data-testid="action-bar" data-closed>
        {t('caseClosed', { outcome: labelOf(OUTCOME_LABELS, view.outcome, lang) })}
      </Typography.Text>
    );
  return (
    <Flex gap={8} wrap data-testid="action-bar">
      {sorted.map((a) => {
        const button = (
          <Button
            key={a.action}
            data-action={a.action}
            type={a.allowed && PRIMARY.has(a.action) ? 'primary' : 'default'}
            disabled={!a.allowed}
            onClick={() => openForm(a.action)}
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
        // The dialog keeps its name while it closes.
        title={`${labelOf(ACTION_LABELS, pending ?? lastPending.current, lang)} · ${view.caseNo}`}
        okText={t('confirm')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        width={pending && WIDE.has(pending) ? 720 : 520}
        onCancel={() => setPending(null)}
        onOk={() =>
          void validFields(form).then(
            (v) => pending && submit(pending, v),
            // A field in error is shown under it; anything else must not leave 确定 doing nothing.
            (err) => hasFieldErrors(err) || setProblems([t('actionFailed')]),
          )
        }
        destroyOnHidden
        data-testid="action-modal"
      >
        {pending && (
          <Form<ActionValues>
            form={form}
            layout="vertical"
            preserve={false}
            initialValues={initialValues(pending, view, me?.sub)}
          >
            <ActionFields action={pending} view={view} />
            {reason !== 'none' && (
              <Form.Item
                name="reason"
                label={t('reason')}
                rules={
                  reason === 'required' ? [{ required: true, whitespace: true, message: t('reasonRequired') }] : []
                }
              >
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            )}
            {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} />}
          </Form>
        )}
      </Modal>
    </Flex>
  );
}
