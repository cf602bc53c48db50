import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { describeError, isApiError } from '../../api/errors';
import { useAuth } from '../../auth/auth-context';
import { LanguageSwitch } from '../../layout/LanguageSwitch';

interface LoginForm {
  username: string;
  password: string;
  remember: boolean;
}

/** Only same-origin paths are followed after sign-in (no open redirect through ?from=). */
function safeTarget(from: string | null): string {
  return from && from.startsWith('/') && !from.startsWith('//') ? from : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { status, login, sessionExpired } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const target = safeTarget(params.get('from'));

  if (status === 'ready') return <Navigate to={target} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password, values.remember);
      void navigate(target, { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const described = error ? describeError(error, t) : null;
  const locked = isApiError(error, 429);

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', background: '#f0f2f5', padding: 16 }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.subtitle')}</Typography.Paragraph>
        {sessionExpired && !error && <Alert type="warning" showIcon title={t('auth.sessionExpired')} style={{ marginBottom: 16 }} />}
        {described && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={locked ? t('auth.locked') : t('auth.failed')}
            description={locked ? t('auth.lockedHint') : (described.detail ?? described.title)}
          />
        )}
        <Form<LoginForm> layout="vertical" initialValues={{ remember: false }} onFinish={(v) => void onFinish(v)} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="login-password" />
          </Form.Item>
          <Form.Item name="remember" valuePropName="checked">
            <Checkbox>{t('auth.remember')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting || status === 'loading'}>
            {t('auth.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
