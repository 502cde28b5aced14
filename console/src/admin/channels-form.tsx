/**
 * Adding or changing a notification channel (S10 管理 · 通知渠道). The secret is write-only: the API says
 * only whether one is set, so the field starts empty and an empty field keeps what is there. The API's
 * field errors land at their fields; anything else in a message.
 */
import { useEffect, useMemo, useState } from 'react';
import { App, Checkbox, Form, Input, Modal, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_KINDS, signedChannel } from '../../../domain/notifications';
import { ORG_KIND_LABELS, labelOf } from '../labels/labels';
import { useLang } from '../i18n/use-lang';
import { useNotificationText } from '../notifications/messages';
import { checkRule, showFieldErrors, type FieldPath } from '../components/field-errors';
import { buildTree, unitOptions, type OrgUnit } from '../org/org-api';
import {
  CHANNEL_KINDS,
  createChannel,
  updateChannel,
  type Channel,
  type ChannelKind,
  type ChannelPatch,
} from './channels-api';
import { validFields } from '../components/valid-fields';

type EventKind = (typeof NOTIFICATION_KINDS)[number];

interface ChannelForm {
  orgUnitId?: string;
  kind?: ChannelKind;
  url?: string;
  secret?: string;
  immediate?: boolean;
  events?: EventKind[];
}

const FIELDS = ['orgUnitId', 'kind', 'url', 'secret', 'immediate', 'events'];
const URL_RULE = /^https?:\/\/\S+$/i;

/** `events` as the API takes it: every kind (or none chosen) is null, "all, and any added later". */
function eventsOf(v: EventKind[] | undefined): EventKind[] | null {
  return !v || v.length === NOTIFICATION_KINDS.length ? null : NOTIFICATION_KINDS.filter((k) => v.includes(k));
}

export function ChannelFormModal({
  open,
  channel,
  units,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** null: a new channel. */
  channel: Channel | null;
  units: readonly OrgUnit[];
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const kindText = useNotificationText().kind;
  const { message } = App.useApp();
  const [form] = Form.useForm<ChannelForm>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);
  // A webhook or DingTalk robot signs with its secret, which it must have; a WeCom robot's key is in its URL.
  const signed = !!kind && signedChannel(kind);
  const tree = useMemo(
    () => unitOptions(buildTree(units), (k) => labelOf(ORG_KIND_LABELS, k, lang), undefined, t('orgClosed')),
    [units, lang, t],
  );

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      channel
        ? {
            orgUnitId: channel.orgUnitId,
            kind: channel.kind,
            url: channel.url,
            immediate: channel.immediate,
            events: channel.events ?? [...NOTIFICATION_KINDS],
          }
        : { kind: 'webhook', immediate: false, events: [...NOTIFICATION_KINDS] },
    );
  }, [open, channel, form]);

  const send = async (v: ChannelForm) => {
    const url = v.url?.trim() ?? '';
    const secret = v.secret ? v.secret : undefined;
    const events = eventsOf(v.events);
    if (!channel) {
      const common = { orgUnitId: v.orgUnitId ?? '', url, immediate: !!v.immediate, events };
      await createChannel(
        v.kind === 'wecom'
          ? { ...common, kind: 'wecom' }
          : { ...common, kind: v.kind ?? 'webhook', secret: secret ?? '' },
      );
      return;
    }
    const patch: ChannelPatch = {};
    if (url !== channel.url) patch.url = url;
    if (secret) patch.secret = secret;
    if (!!v.immediate !== channel.immediate) patch.immediate = !!v.immediate;
    if (JSON.stringify(events) !== JSON.stringify(eventsOf(channel.events ?? undefined))) patch.events = events;
    if (Object.keys(patch).length > 0) await updateChannel(channel.id, patch);
  };

  const save = async () => {
    const values = await validFields(form);
    setBusy(true);
    try {
      await send(values);
      await onSaved();
      void message.success(t('saved'));
      onClose();
    } catch (err) {
      // A field's own error lands there (`events.0` and the like are said in the message).
      const known = (path: FieldPath) => path.length === 1 && FIELDS.includes(String(path[0]));
      const rest = showFieldErrors(form, err, known);
      if (rest.length) void message.error(`${t('saveFailed')}: ${rest.join('; ')}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={channel ? t('channelEdit') : t('channelCreate')}
      okText={t('confirm')}
      cancelText={t('cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void save().catch(() => undefined)}
      destroyOnHidden
      width={560}
    >
      <Form<ChannelForm> form={form} layout="vertical" name="channel">
        <Form.Item name="orgUnitId" label={t('channelUnit')} rules={[{ required: true, message: t('required') }]}>
          <TreeSelect showSearch treeNodeFilterProp="title" treeDefaultExpandAll treeData={tree} disabled={!!channel} />
        </Form.Item>
        <Form.Item name="kind" label={t('channelKind')} rules={[{ required: true, message: t('required') }]}>
          <Select
            disabled={!!channel}
            options={CHANNEL_KINDS.map((k) => ({ value: k, label: t(`channelKind_${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="url"
          label={t('channelUrl')}
          extra={t('channelUrlHint')}
          rules={[
            { required: true, whitespace: true, message: t('required') },
            { pattern: URL_RULE, message: t('channelUrlInvalid') },
          ]}
        >
          <Input autoComplete="off" maxLength={2000} placeholder="https://" />
        </Form.Item>
        {signed && (
          <Form.Item
            name="secret"
            label={t('channelSecret')}
            extra={channel?.hasSecret ? `${t('channelHasSecret')} · ${t('channelSecretKeep')}` : t('channelSecretHint')}
            rules={channel?.hasSecret ? [] : [{ required: true, message: t('channelSecretRequired') }]}
          >
            <Input.Password
              autoComplete="new-password"
              maxLength={200}
              placeholder={channel?.hasSecret ? t('channelSecretKeep') : undefined}
            />
          </Form.Item>
        )}
        <Form.Item name="immediate" valuePropName="checked" extra={t('channelImmediateHint')}>
          <Checkbox>{t('channelImmediate')}</Checkbox>
        </Form.Item>
        <Form.Item
          name="events"
          label={t('channelEvents')}
          // A rule of its own rather than `required`: a checkbox group may not say aria-required.
          rules={[checkRule((v: EventKind[] | undefined) => (v?.length ? null : t('channelEventsRequired')))]}
        >
          <Checkbox.Group options={NOTIFICATION_KINDS.map((k) => ({ value: k, label: kindText[k] }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
