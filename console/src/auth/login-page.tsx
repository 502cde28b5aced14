/** S1 登录: login and password, the language switch, the lock-out message (429 with Retry-After). */
import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from './session';
import { signInError } from './sign-in-error';
import { LanguageSwitch } from './language-switch';
import { FontSizeSwitch } from '../app/font-size-switch';

interface Credentials {
  login: string;
  password: string;
}

/** Only a path inside the console, so `?next=` cannot send the user elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { me, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get('next'));

  if (me) return <Navigate to={next} replace />;

  const onFinish = async ({ login, password }: Credentials) => {
    setSubmitting(true);
    setError(null);
    try {
      await signIn(login.trim(), password);
      void navigate(next, { replace: true });
    } catch (err) {
      setError(signInError(err, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', background: '#f0f2f5' }}>
      <Card style={{ width: 'min(28em, 100vw)' }}>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 24 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('appTitle')}
          </Typography.Title>
          <Flex vertical align="end" gap={4}>
            <LanguageSwitch />
            <FontSizeSwitch />
          </Flex>
        </Flex>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
        <Form<Credentials> layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
          <Form.Item name="login" label={t('loginName')} rules={[{ required: true, message: t('loginRequired') }]}>
            <Input name="login" prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('passwordRequired') }]}>
            <Input.Password name="password" prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
            {t('login')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
