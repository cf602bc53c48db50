/** Home-page card: my queue, due within the hour, breached, on-time rate, and what is due next. */
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ComplaintFigures, DueSoonList } from '../components/DashboardWidgets';

export default function ComplaintsSummaryWidget() {
  const { t } = useTranslation();
  return (
    <Card
      title={t('complaints.dashboard.title')}
      extra={<Link to="/complaints/dashboard">{t('complaints.dashboard.more')}</Link>}
      data-testid="home-complaints-summary"
    >
      <ComplaintFigures compact />
      <div style={{ marginTop: 12 }}>
        <DueSoonList limit={5} />
      </div>
    </Card>
  );
}
