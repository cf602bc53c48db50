/** The complaints dashboard as a page of its own (the shell's home has no widget slot). */
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ComplaintDashboardWidgets } from './components/DashboardWidgets';

export default function ComplaintsDashboardPage() {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('complaints.dashboard.title')}
      </Typography.Title>
      <ComplaintDashboardWidgets />
    </div>
  );
}
