import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Flex, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useBusinessTime } from '../../i18n/time';
import {
  type Appointment,
  GRADES,
  type GradeValue,
  MANAGER_ROLES,
  type MonthlyGrade,
  type MonthlyGradeRecorded,
  STATUS_COLORS,
} from './types';

const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
const GRADE_TAG: Record<GradeValue, string> = { A: 'green', B: 'blue', C: 'gold', D: 'red' };

/** The months of `year` an appointment's terms cover (first day of month within a term, or its start month). */
function inTerm(a: Appointment, month: string): boolean {
  const startMonth = a.startsOn.slice(0, 7);
  const endMonth = (a.status === 'active' ? a.endsOn : (a.endedOn ?? a.endsOn)).slice(0, 7);
  return month >= startMonth && month <= endMonth;
}

export default function MonthlyGradesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { hasRole } = useAuth();
  const { timeZone } = useBusinessTime();
  const canManage = hasRole(MANAGER_ROLES);
  const queryClient = useQueryClient();
  const [year, setYear] = useState(() => dayjs().tz(timeZone).year());
  const currentMonth = dayjs().tz(timeZone).format('YYYY-MM');
  const appointments = useQuery({
    queryKey: ['appraisal', 'appointments', 'grid'],
    queryFn: () => unwrap<Page<Appointment>>(api.GET('/api/v1/team-leader-appointments', { params: { query: { limit: 200 } } })),
  });
  const grades = useQuery({
    queryKey: ['appraisal', 'grades', year],
    queryFn: () =>
      unwrap<{ items: MonthlyGrade[] }>(api.GET('/api/v1/team-leader-monthly-grades', { params: { query: { year: String(year) } } })),
  });
  const byCell = useMemo(() => new Map((grades.data?.items ?? []).map((g) => [`${g.appointmentId}:${g.month}`, g])), [grades.data]);
  const rows = (appointments.data?.items ?? []).filter(
    (a) =>
      a.startsOn.slice(0, 4) <= String(year) && (a.status === 'active' ? a.endsOn : (a.endedOn ?? a.endsOn)).slice(0, 4) >= String(year),
  );

  const record = useMutation({
    mutationFn: (v: { appointment: Appointment; month: string; grade: GradeValue }) =>
      unwrap<MonthlyGradeRecorded>(
        api.POST('/api/v1/team-leader-appointments/{id}/monthly-grades', {
          params: { path: { id: v.appointment.id } },
          body: { month: v.month, grade: v.grade },
        }),
      ),
    onSuccess: async (result, v) => {
      if (result.terminated) void message.warning(t('appraisal.grades.terminated', { name: v.appointment.userName }), 6);
      else void message.success(t('appraisal.grades.saved', { name: v.appointment.userName, month: v.month, grade: v.grade }));
      await queryClient.invalidateQueries({ queryKey: ['appraisal'] });
    },
    onError: async (e) => {
      void message.error(errorMessage(e, t));
      await queryClient.invalidateQueries({ queryKey: ['appraisal', 'grades', year] });
    },
  });

  const change = (appointment: Appointment, month: string, grade: GradeValue): void => {
    const previous = byCell.get(`${appointment.id}:${month}`);
    if (grade === 'D' && previous?.grade !== 'D' && appointment.dGradesInCurrentTerm >= 1) {
      modal.confirm({
        title: t('appraisal.grades.secondDWarning', { name: appointment.userName }),
        okButtonProps: { danger: true },
        okText: t('common.confirm'),
        cancelText: t('common.cancel'),
        onOk: () => record.mutateAsync({ appointment, month, grade }),
      });
      return;
    }
    record.mutate({ appointment, month, grade });
  };

  const error = appointments.error ?? grades.error;
  return (
    <>
      <PageHeader
        title={t('appraisal.grades.title')}
        subtitle={t('appraisal.grades.subtitle')}
        extra={
          <>
            <Select
              aria-label={t('appraisal.grades.year')}
              style={{ width: 110 }}
              value={year}
              onChange={setYear}
              options={[-2, -1, 0, 1].map((offset) => {
                const y = dayjs().tz(timeZone).year() + offset;
                return { value: y, label: `${y}` };
              })}
            />
            <Button icon={<ReloadOutlined />} onClick={() => void queryClient.invalidateQueries({ queryKey: ['appraisal'] })}>
              {t('common.reload')}
            </Button>
          </>
        }
      />
      {error ? (
        <ErrorAlert error={error} onRetry={() => void queryClient.invalidateQueries({ queryKey: ['appraisal'] })} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('appraisal.grades.legend')}</Typography.Paragraph>
          <Table<Appointment>
            rowKey="id"
            size="small"
            bordered
            loading={appointments.isPending || grades.isPending}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 180 + 12 * 72 }}
            locale={{ emptyText: <Empty description={t('appraisal.grades.empty')} /> }}
            data-testid="grades-grid"
            columns={[
              {
                title: t('appraisal.leaders.leader'),
                key: 'leader',
                width: 180,
                fixed: 'left',
                render: (_, a) => (
                  <Flex vertical>
                    <span>
                      {a.userName} <Tag color={STATUS_COLORS[a.status]}>{t(`appraisal.status.${a.status}`)}</Tag>
                    </span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {a.teamName}
                    </Typography.Text>
                  </Flex>
                ),
              },
              ...MONTHS.map((mm) => {
                const month = `${year}-${mm}`;
                return {
                  title: mm,
                  key: month,
                  width: 72,
                  align: 'center' as const,
                  render: (_: unknown, a: Appointment) => {
                    const recorded = byCell.get(`${a.id}:${month}`);
                    const editable = canManage && a.status === 'active' && inTerm(a, month) && month <= currentMonth;
                    if (!editable) {
                      return recorded ? (
                        <Tag color={GRADE_TAG[recorded.grade]}>{recorded.grade}</Tag>
                      ) : (
                        <span style={{ color: inTerm(a, month) ? undefined : '#ccc' }}>·</span>
                      );
                    }
                    return (
                      <Select<GradeValue>
                        size="small"
                        style={{ width: 58 }}
                        value={recorded?.grade}
                        placeholder="–"
                        aria-label={`${a.userName} ${month}`}
                        options={GRADES.map((g) => ({ value: g, label: g }))}
                        onChange={(grade) => change(a, month, grade)}
                      />
                    );
                  },
                };
              }),
            ]}
          />
        </>
      )}
    </>
  );
}
