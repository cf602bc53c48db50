import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/errors';

/** Signed in, but /auth/me failed (API down, account deactivated…): retry or sign out. */
export default function MeErrorResult({ error, onRetry, onLogout }: { error: unknown; onRetry: () => void; onLogout: () => void }) {
  const { t } = useTranslation();
  const { title, detail } = describeError(error, t);
  return (
    <Result
      status="error"
      title={title}
      subTitle={detail}
      extra={[
        <Button key="retry" type="primary" onClick={onRetry}>
          {t('common.retry')}
        </Button>,
        <Button key="logout" onClick={onLogout}>
          {t('header.logout')}
        </Button>,
      ]}
    />
  );
}
