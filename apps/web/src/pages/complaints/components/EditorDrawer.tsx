/**
 * The frame of an admin editor (SLA policies, business calendars): a drawer with cancel/save in
 * its header and the API's error above the form.
 */
import { Button, Drawer, Space } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionError } from './ActionError';

export function EditorDrawer({
  title,
  width,
  saving,
  error,
  onSave,
  onClose,
  children,
}: {
  title: string;
  width: number;
  saving: boolean;
  error: unknown;
  onSave: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open
      width={width}
      title={title}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={onSave}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <ActionError error={error} />
      {children}
    </Drawer>
  );
}
