import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/errors';

/** The API's error as an alert: translated headline, the API's explanation, the request id. */
export function ErrorAlert({ error, onRetry, style }: { error: unknown; onRetry?: () => void; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  const { title, detail, requestId } = describeError(error, t);
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      title={title}
      description={
        detail || requestId ? (
          <>
            {detail && <div>{detail}</div>}
            {requestId && <div style={{ opacity: 0.65, fontSize: 12 }}>{t('errors.requestId', { id: requestId })}</div>}
          </>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
