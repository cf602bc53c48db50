/**
 * An API failure inside a form: the translated headline (e.g. 422 "不符合业务规则"), the API's
 * message, the rule it names (422) and per-field problems, and for a stale version (409) a hint that
 * the record was reloaded so the action can simply be retried.
 */
import { Alert, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeError, isApiError, isStaleVersion } from '../../../api/errors';

export function ActionError({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  if (!error) return null;
  const { title, detail, requestId } = describeError(error, t);
  const rule = isApiError(error) ? error.body.rule : undefined;
  const fields = isApiError(error) ? (error.body.details ?? []) : [];
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12, ...style }}
      title={title}
      data-testid="action-error"
      description={
        <>
          {detail && <div>{detail}</div>}
          {fields.length > 0 && (
            <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
              {fields.map((f) => (
                <li key={`${f.field}:${f.problem}`}>
                  <code>{f.field}</code> {f.problem}
                </li>
              ))}
            </ul>
          )}
          {rule && <Tag style={{ marginTop: 4 }}>{t('complaints.errors.rule', { rule })}</Tag>}
          {isStaleVersion(error) && <div>{t('complaints.errors.reloaded')}</div>}
          {requestId && <div style={{ opacity: 0.65, fontSize: 12 }}>{t('errors.requestId', { id: requestId })}</div>}
        </>
      }
    />
  );
}
