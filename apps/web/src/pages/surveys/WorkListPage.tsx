import { CopyOutlined, PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Empty, Flex, Input, Popconfirm, Rate, Select, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage, isApiError } from '../../api/errors';
import { compactQuery, useCursorList } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { useBusinessTime } from '../../i18n/time';
import { entityPath } from '../../routes';
import {
  type Answers,
  INVITATION_STATUSES,
  type InvitationStatus,
  STATUS_COLOR,
  SURVEY_CHANNELS,
  type SurveyChannel,
  type SurveyInvitation,
  type SurveyResponse,
  type SurveyTemplate,
  surveyLink,
} from './api';
import { SurveyForm } from './SurveyForm';

const INVITATIONS_KEY = ['surveys', 'invitations'] as const;

function AnswerDrawer({ invitation, onClose }: { invitation: SurveyInvitation; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const template = useQuery({
    queryKey: ['surveys', 'template', invitation.templateId],
    queryFn: () => unwrap<SurveyTemplate>(api.GET('/api/v1/survey-templates/{id}', { params: { path: { id: invitation.templateId } } })),
  });
  const submit = useMutation({
    mutationFn: (answers: Answers) =>
      unwrap<SurveyResponse>(
        api.POST('/api/v1/survey-invitations/{id}/response', { params: { path: { id: invitation.id } }, body: { answers } }),
      ),
    onSuccess: async (response) => {
      await queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
      if (response.followUpComplaintId) modal.warning({ title: t('surveys.work.lowScore') });
      else void message.success(t('surveys.work.submitted'));
      onClose();
    },
    onError: (e) => {
      if (!(isApiError(e) && e.status === 400)) void message.error(errorMessage(e, t));
    },
  });
  return (
    <>
      <Flex gap={16} style={{ marginBottom: 16 }} wrap>
        <Typography.Text strong>{invitation.contactName ?? '—'}</Typography.Text>
        {invitation.contactPhone && (
          <Typography.Text copyable>
            <PhoneOutlined /> {invitation.contactPhone}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">{invitation.campaignName}</Typography.Text>
      </Flex>
      {template.isPending && <Spin />}
      {template.isError && <ErrorAlert error={template.error} onRetry={() => void template.refetch()} />}
      {template.data && (
        <SurveyForm
          questions={template.data.questions}
          onSubmit={(answers) => submit.mutate(answers)}
          submitting={submit.isPending}
          error={submit.error}
          idPrefix="agent-answer"
        />
      )}
    </>
  );
}

function OutcomeButtons({ invitation }: { invitation: SurveyInvitation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const outcome = useMutation({
    mutationFn: (status: 'declined' | 'unreachable') =>
      unwrap<SurveyInvitation>(
        api.POST('/api/v1/survey-invitations/{id}/status', {
          params: { path: { id: invitation.id } },
          body: { version: invitation.version, status, ...(note ? { note } : {}) },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: INVITATIONS_KEY });
      void message.success(t('surveys.work.outcomeSaved'));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const noteInput = (
    <Input.TextArea rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('surveys.work.note')} />
  );
  return (
    <>
      <Popconfirm title={t('surveys.work.unreachable')} description={noteInput} onConfirm={() => outcome.mutate('unreachable')}>
        <Button size="small" loading={outcome.isPending && outcome.variables === 'unreachable'}>
          {t('surveys.work.unreachable')}
        </Button>
      </Popconfirm>
      <Popconfirm title={t('surveys.work.declined')} description={noteInput} onConfirm={() => outcome.mutate('declined')}>
        <Button size="small" loading={outcome.isPending && outcome.variables === 'declined'}>
          {t('surveys.work.declined')}
        </Button>
      </Popconfirm>
    </>
  );
}

export default function WorkListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { dateTime } = useBusinessTime();
  const [status, setStatus] = useState<InvitationStatus | undefined>('pending');
  const [channel, setChannel] = useState<SurveyChannel | undefined>();
  const [answering, setAnswering] = useState<SurveyInvitation | null>(null);
  const list = useCursorList<SurveyInvitation>([...INVITATIONS_KEY, status, channel], (cursor) =>
    unwrap(api.GET('/api/v1/survey-invitations', { params: { query: compactQuery({ cursor, status, channel }) } })),
  );
  const open = (i: SurveyInvitation) => i.status === 'pending' || i.status === 'unreachable' || i.status === 'declined';

  return (
    <>
      <PageHeader
        title={t('surveys.work.title')}
        subtitle={t('surveys.work.subtitle')}
        extra={
          <>
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={t('surveys.work.status')}
              value={status}
              onChange={(v?: InvitationStatus) => setStatus(v)}
              options={INVITATION_STATUSES.map((s) => ({ value: s, label: t(`surveys.statuses.${s}`) }))}
              data-testid="work-status-filter"
            />
            <Select
              allowClear
              style={{ width: 120 }}
              placeholder={t('surveys.work.channel')}
              value={channel}
              onChange={(v?: SurveyChannel) => setChannel(v)}
              options={SURVEY_CHANNELS.map((c) => ({ value: c, label: t(`surveys.channels.${c}`) }))}
            />
            <Button onClick={() => void list.refetch()} loading={list.isFetching}>
              {t('common.reload')}
            </Button>
          </>
        }
      />
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} />}
      <Table<SurveyInvitation>
        rowKey="id"
        data-testid="work-table"
        loading={list.isPending}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: <Empty description={t('surveys.work.empty')} /> }}
        columns={[
          { title: t('surveys.work.contact'), dataIndex: 'contactName', width: 110, render: (v: string | null) => v ?? '—' },
          { title: t('surveys.work.phone'), dataIndex: 'contactPhone', width: 130, render: (v: string | null) => v ?? '—' },
          { title: t('surveys.work.campaign'), dataIndex: 'campaignName', ellipsis: true },
          { title: t('surveys.work.channel'), dataIndex: 'channel', width: 70, render: (c: SurveyChannel) => t(`surveys.channels.${c}`) },
          {
            title: t('surveys.work.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: InvitationStatus) => <Tag color={STATUS_COLOR[s]}>{t(`surveys.statuses.${s}`)}</Tag>,
          },
          { title: t('surveys.work.attempts'), dataIndex: 'attempts', width: 80 },
          {
            title: t('surveys.work.score'),
            dataIndex: 'overallScore',
            width: 130,
            render: (v: number | null) => (v === null ? '—' : <Rate disabled value={v} style={{ fontSize: 12 }} />),
          },
          {
            title: t('surveys.work.followUp'),
            key: 'followUp',
            width: 130,
            render: (_, i) => {
              if (!i.followUpComplaintNumber) return '—';
              const tag = <Tag color="red">{`${i.followUpComplaintNumber} · ${i.followUpComplaintStatus ?? ''}`}</Tag>;
              const path = entityPath('complaint', i.followUpComplaintId);
              return path ? <Link to={path}>{tag}</Link> : tag;
            },
          },
          { title: t('surveys.work.expiresAt'), dataIndex: 'expiresAt', width: 160, render: (v: string) => dateTime(v) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 270,
            fixed: 'right',
            render: (_, i) =>
              open(i) ? (
                <Space size={4}>
                  <Button size="small" type="primary" onClick={() => setAnswering(i)} data-testid="work-answer">
                    {t('surveys.work.answer')}
                  </Button>
                  <OutcomeButtons invitation={i} />
                  {i.token && (
                    <Tooltip title={t('surveys.work.copyLink')}>
                      <Button
                        size="small"
                        icon={<CopyOutlined />}
                        data-testid="work-copy-link"
                        data-link={surveyLink(i.token)}
                        onClick={() =>
                          void navigator.clipboard
                            ?.writeText(surveyLink(i.token!))
                            .then(() => message.success(t('surveys.work.linkCopied')))
                        }
                      />
                    </Tooltip>
                  )}
                </Space>
              ) : null,
          },
        ]}
      />
      <LoadMore
        shown={list.items.length}
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
      />
      <Drawer
        open={answering !== null}
        onClose={() => setAnswering(null)}
        size="large"
        title={answering ? t('surveys.work.answerTitle', { name: answering.contactName ?? '' }) : ''}
        destroyOnHidden
      >
        {answering && <AnswerDrawer invitation={answering} onClose={() => setAnswering(null)} />}
      </Drawer>
    </>
  );
}
