/**
 * The session ran out under an open page: the page stays mounted, with whatever was typed in it, under a
 * blurred mask (nothing of the case is readable on an unattended screen) and this sign-in. The same user
 * carries on where they were; someone else starts at the queue with nothing of the first user's.
 */
import { useState } from 'react';
import { Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from './session';
import { signInError } from './sign-in-error';

interface Credentials {
  login: string;
  password: string;
}

export function SessionExpiredDialog() {
  const { t } = useTranslation();
  const { me, resume, leave } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async ({ login, password }: Credentials) => {
    setSubmitting(true);
    setError(null);
    try {
      const { same } = await resume(login.trim(), password);
      if (!same) void navigate('/', { replace: true });
    } catch (err) {
      setError(signInError(err, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open
      title={t('sessionExpiredTitle')}
      footer={null}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      // Above any dialog the page had open, whose typed text the mask blurs too.
      zIndex={2000}
      styles={{ mask: { backdropFilter: 'blur(12px)' } }}
      data-testid="session-expired"
    >
      <Typography.Paragraph>{t('sessionExpiredBody')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Credentials>
        layout="vertical"
        requiredMark={false}
        initialValues={{ login: me?.login ?? '' }}
        onFinish={(v) => void onFinish(v)}
      >
        <Form.Item name="login" label={t('loginName')} rules={[{ required: true, message: t('loginRequired') }]}>
          <Input name="login" prefix={<UserOutlined />} autoComplete="username" />
        </Form.Item>
        <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('passwordRequired') }]}>
          <Input.Password name="password" prefix={<LockOutlined />} autoComplete="current-password" autoFocus />
        </Form.Item>
        <Flex justify="space-between" align="center">
          <Button
            type="link"
            style={{ paddingInline: 0 }}
            onClick={() => {
              leave();
              void navigate('/login', { replace: true });
            }}
          >
            {t('sessionExpiredOther')}
          </Button>
          <Button type="primary" htmlType="submit" loading={submitting}>
            {t('login')}
          </Button>
        </Flex>
      </Form>
    </Modal>
  );
}
