/** Coloured tags and labels for complaint enums, shared by the queue, detail and dashboard. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComplaintKind, ComplaintSeverity, ComplaintStatus } from '../types';

const STATUS_COLORS: Record<ComplaintStatus, string> = {
  received: 'blue',
  in_progress: 'geekblue',
  answered: 'cyan',
  return_visit: 'purple',
  closed: 'default',
  invalid: 'default',
};

const SEVERITY_COLORS: Record<ComplaintSeverity, string> = { general: 'default', batch: 'orange', serious: 'red' };

export function StatusTag({ status }: { status: ComplaintStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`complaints.status.${status}`)}</Tag>;
}

export function SeverityTag({ severity }: { severity: ComplaintSeverity }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`complaints.severity.${severity}`)}</Tag>;
}

export function KindLabel({ kind }: { kind: ComplaintKind }) {
  const { t } = useTranslation();
  return <>{t(`complaints.kind.${kind}`)}</>;
}

export function TierTag({ tier, breached }: { tier: number; breached: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={tier >= 3 ? 'volcano' : tier === 2 ? 'gold' : 'default'}>{t('complaints.tierN', { tier })}</Tag>
      {breached && <Tag color="red">{t('complaints.breached')}</Tag>}
    </>
  );
}
