/** Home-page card: complaints received per day over the last 30 days, and the breached ones. */
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { BreachedList, VolumeChart } from '../components/DashboardWidgets';

export default function ComplaintsVolumeWidget() {
  const { t } = useTranslation();
  return (
    <Card title={t('complaints.dashboard.volume30')} data-testid="home-complaints-volume">
      <VolumeChart height={180} />
      <div style={{ marginTop: 12 }}>
        <BreachedList limit={5} />
      </div>
    </Card>
  );
}
