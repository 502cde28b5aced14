/**
 * An administrator's change in a modal form with a required reason (S8 units, S10 users): validates,
 * sends, says 「已保存」 and closes; the API's field errors land at their fields, anything else in a
 * message. The form's own fields are the children; the reason field comes last.
 */
import { useRef, useState, type ReactNode } from 'react';
import { App, Form, Input, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldsNamed, showFieldErrors } from './field-errors';
import { validFields } from './valid-fields';

export interface ReasonModalProps<T extends { reason?: string }> {
  open: boolean;
  title: ReactNode;
  form: FormInstance<T>;
  /** The Form's name: its fields' ids are `<name>_<field>`. */
  name: string;
  /** The fields the children show, for placing the API's field errors. */
  fields: readonly string[];
  danger?: boolean;
  onClose: () => void;
  /** Sends the change with the validated values; throws what the API answered. */
  submit: (values: T) => Promise<void>;
  /** Text the API said that fit no field: return true when it was shown elsewhere. */
  onUnplaced?: (text: string) => boolean;
  children?: ReactNode;
}

export function ReasonModal<T extends { reason?: string }>({
  open,
  title,
  form,
  name,
  fields,
  danger,
  onClose,
  submit,
  onUnplaced,
  children,
}: ReasonModalProps<T>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  // The dialog keeps its name while it closes (the caller's title may already be gone).
  const shownTitle = useRef(title);
  if (open) shownTitle.current = title;

  const save = async () => {
    const values = await validFields(form);
    setBusy(true);
    try {
      await submit(values);
      void message.success(t('saved'));
      onClose();
    } catch (err) {
      const rest = showFieldErrors(form, err, fieldsNamed([...fields, 'reason'])).join('; ');
      if (rest && !onUnplaced?.(rest)) void message.error(`${t('saveFailed')}: ${rest}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={shownTitle.current}
      okText={t('confirm')}
      cancelText={t('cancel')}
      okButtonProps={{ danger }}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void save().catch(() => undefined)}
      destroyOnHidden
    >
      <Form<T> form={form} layout="vertical" name={name}>
        {children}
        <Form.Item
          name="reason"
          label={t('reason')}
          rules={[{ required: true, whitespace: true, message: t('reasonRequired') }]}
        >
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
