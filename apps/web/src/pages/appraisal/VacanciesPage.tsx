import { CheckOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Empty, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { applyFieldErrors, errorMessage } from '../../api/errors';
import { compactQuery, useCursorList } from '../../api/query';
import type { Page } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { DATE_FORMAT, useBusinessTime } from '../../i18n/time';
import { MONEY_INPUT, toMoney } from './money';
import { type EligibleStaff, MANAGER_ROLES, type Vacancy } from './types';

const VACANCIES_KEY = ['appraisal', 'vacancies'] as const;
type VacancyStatus = Vacancy['status'];
type Candidate = Vacancy['candidates'][number];

export default function VacanciesPage() {
  const { t } = useTranslation();
  const { dateTime } = useBusinessTime();
  const [status, setStatus] = useState<VacancyStatus | undefined>('open');
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useCursorList<Vacancy>([...VACANCIES_KEY, { status }], (cursor) =>
    unwrap<Page<Vacancy>>(api.GET('/api/v1/team-leader-vacancies', { params: { query: compactQuery({ status, cursor, limit: 50 }) } })),
  );
  return (
    <>
      <PageHeader
        title={t('appraisal.vacancies.title')}
        subtitle={t('appraisal.vacancies.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            {t('common.reload')}
          </Button>
        }
      />
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('appraisal.vacancies.status')}
          value={status}
          onChange={(v?: VacancyStatus) => setStatus(v)}
          options={(['open', 'filled', 'cancelled'] as const).map((s) => ({ value: s, label: t(`appraisal.vacancyStatus.${s}`) }))}
        />
      </Flex>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <Table<Vacancy>
            rowKey="id"
            size="middle"
            loading={list.isPending}
            dataSource={list.items}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: <Empty description={t('appraisal.vacancies.empty')} /> }}
            data-testid="vacancies-table"
            columns={[
              { title: t('appraisal.vacancies.team'), dataIndex: 'teamName' },
              {
                title: t('appraisal.vacancies.reason'),
                dataIndex: 'reason',
                render: (r: Vacancy['reason']) => t(`appraisal.vacancyReason.${r}`),
              },
              {
                title: t('appraisal.vacancies.incumbent'),
                key: 'incumbent',
                render: (_, v) => (
                  <Flex gap={4} wrap>
                    {v.incumbentName ?? t('common.none')}
                    {v.incumbentMayApply && <Tag color="blue">{t('appraisal.vacancies.incumbentMayApply')}</Tag>}
                  </Flex>
                ),
              },
              {
                title: t('appraisal.vacancies.status'),
                dataIndex: 'status',
                width: 100,
                render: (s: VacancyStatus) => (
                  <Tag color={s === 'open' ? 'orange' : s === 'filled' ? 'green' : 'default'}>{t(`appraisal.vacancyStatus.${s}`)}</Tag>
                ),
              },
              { title: t('appraisal.vacancies.candidates'), key: 'candidates', width: 90, render: (_, v) => v.candidates.length },
              { title: t('appraisal.vacancies.openedAt'), dataIndex: 'openedAt', width: 170, render: (v: string) => dateTime(v) },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 110,
                render: (_, v) => (
                  <Button size="small" onClick={() => setOpenId(v.id)}>
                    {t('appraisal.vacancies.details')}
                  </Button>
                ),
              },
            ]}
          />
          <LoadMore
            shown={list.items.length}
            hasNextPage={list.hasNextPage}
            isFetchingNextPage={list.isFetchingNextPage}
            fetchNextPage={list.fetchNextPage}
          />
        </>
      )}
      {openId && <VacancyDrawer id={openId} onClose={() => setOpenId(null)} />}
    </>
  );
}

function VacancyDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { hasRole } = useAuth();
  const canManage = hasRole(MANAGER_ROLES);
  const queryClient = useQueryClient();
  const [candidateId, setCandidateId] = useState<string | undefined>();
  const [selecting, setSelecting] = useState<Candidate | null>(null);
  const vacancy = useQuery({
    queryKey: [...VACANCIES_KEY, id],
    queryFn: () => unwrap<Vacancy>(api.GET('/api/v1/team-leader-vacancies/{id}', { params: { path: { id } } })),
  });
  const open = vacancy.data?.status === 'open';
  const eligible = useQuery({
    queryKey: [...VACANCIES_KEY, id, 'eligible'],
    enabled: canManage && open,
    queryFn: () =>
      unwrap<{ items: EligibleStaff[] }>(api.GET('/api/v1/team-leader-vacancies/{id}/eligible-staff', { params: { path: { id } } })),
  });
  const add = useMutation({
    mutationFn: (userId: string) =>
      unwrap<Vacancy>(api.POST('/api/v1/team-leader-vacancies/{id}/candidates', { params: { path: { id } }, body: { userId } })),
    onSuccess: async () => {
      void message.success(t('appraisal.vacancies.candidateAdded'));
      setCandidateId(undefined);
      await queryClient.invalidateQueries({ queryKey: VACANCIES_KEY });
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  return (
    <Drawer
      open
      width={620}
      title={vacancy.data ? `${vacancy.data.teamName} · ${t(`appraisal.vacancyReason.${vacancy.data.reason}`)}` : ''}
      onClose={onClose}
    >
      {vacancy.isError ? (
        <ErrorAlert error={vacancy.error} onRetry={() => void vacancy.refetch()} />
      ) : (
        <>
          {canManage && open && (
            <Flex gap={8} style={{ marginBottom: 12 }}>
              <Select
                style={{ flex: 1 }}
                placeholder={t('appraisal.vacancies.eligibleStaff')}
                loading={eligible.isPending}
                value={candidateId}
                onChange={setCandidateId}
                showSearch={{ optionFilterProp: 'label' }}
                options={(eligible.data?.items ?? []).map((s) => ({ value: s.userId, label: `${s.userName} · ${s.joinedOn}` }))}
              />
              <Button
                icon={<PlusOutlined />}
                disabled={!candidateId}
                loading={add.isPending}
                onClick={() => candidateId && add.mutate(candidateId)}
              >
                {t('appraisal.vacancies.addCandidate')}
              </Button>
            </Flex>
          )}
          <Table<Candidate>
            rowKey="userId"
            size="small"
            loading={vacancy.isPending}
            pagination={false}
            dataSource={vacancy.data?.candidates ?? []}
            locale={{ emptyText: <Empty description={t('appraisal.vacancies.noCandidates')} /> }}
            columns={[
              {
                title: t('appraisal.vacancies.candidates'),
                key: 'name',
                render: (_, c) => (
                  <Flex gap={4}>
                    {c.userName}
                    {c.isIncumbent && <Tag color="blue">{t('appraisal.vacancies.isIncumbent')}</Tag>}
                  </Flex>
                ),
              },
              { title: t('appraisal.vacancies.joinedOn'), dataIndex: 'joinedOn', render: (d: string | null) => d ?? t('common.none') },
              { title: t('appraisal.leaders.note'), dataIndex: 'note', render: (n: string | null) => n ?? '' },
              ...(canManage && open
                ? [
                    {
                      title: t('common.actions'),
                      key: 'select',
                      width: 90,
                      render: (_: unknown, c: Candidate) => (
                        <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setSelecting(c)}>
                          {t('appraisal.vacancies.select')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {vacancy.data?.status === 'filled' && (
            <Typography.Paragraph type="success" style={{ marginTop: 12 }}>
              {t('appraisal.vacancyStatus.filled')}
            </Typography.Paragraph>
          )}
        </>
      )}
      {selecting && <SelectModal vacancyId={id} candidate={selecting} onClose={() => setSelecting(null)} />}
    </Drawer>
  );
}

function SelectModal({ vacancyId, candidate, onClose }: { vacancyId: string; candidate: Candidate; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ term: [Dayjs, Dayjs]; monthlyAllowance: string }>();
  const save = useMutation({
    mutationFn: (v: { term: [Dayjs, Dayjs]; monthlyAllowance: string }) =>
      unwrap<Vacancy>(
        api.POST('/api/v1/team-leader-vacancies/{id}/selection', {
          params: { path: { id: vacancyId } },
          body: {
            userId: candidate.userId,
            startsOn: v.term[0].format(DATE_FORMAT),
            endsOn: v.term[1].format(DATE_FORMAT),
            monthlyAllowance: toMoney(v.monthlyAllowance),
          },
        }),
      ),
    onSuccess: async () => {
      void message.success(t('appraisal.vacancies.selected'));
      await queryClient.invalidateQueries({ queryKey: ['appraisal'] });
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['monthlyAllowance'])) void message.error(errorMessage(e, t));
    },
  });
  const required = { required: true, message: t('appraisal.leaders.required') };
  const start = dayjs().add(1, 'day');
  return (
    <Modal
      open
      title={t('appraisal.vacancies.selectTitle', { name: candidate.userName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="selection"
        initialValues={{ term: [start, start.add(1, 'year').subtract(1, 'day')], monthlyAllowance: '800.00' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="term"
          label={`${t('appraisal.leaders.startsOn')} ~ ${t('appraisal.leaders.endsOn')}`}
          extra={t('appraisal.leaders.termHint')}
          rules={[required]}
        >
          <DatePicker.RangePicker style={{ width: '100%' }} format={DATE_FORMAT} />
        </Form.Item>
        <Form.Item
          name="monthlyAllowance"
          label={t('appraisal.leaders.monthlyAllowance')}
          rules={[required, { pattern: MONEY_INPUT, message: t('appraisal.leaders.allowanceInvalid') }]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
