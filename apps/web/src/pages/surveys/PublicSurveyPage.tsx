import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Card, Result, Skeleton, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { isApiError } from '../../api/errors';
import type { Schemas } from '@cs/api-client';
import type { Answers, SurveyResponse } from './api';
import { SurveyForm } from './SurveyForm';

type PublicSurvey = Schemas['PublicSurveyResponse'];

/**
 * The customer's survey link (/s/{token}): no login, Chinese, one column that fits a phone.
 * Unknown or expired links and already-answered ones get a clear page instead of the form.
 */
export default function PublicSurveyPage() {
  const { token = '' } = useParams();
  const { i18n } = useTranslation();
  const t = useMemo(() => i18n.getFixedT('zh-CN'), [i18n]);
  const survey = useQuery({
    queryKey: ['public-survey', token],
    queryFn: () => unwrap<PublicSurvey>(api.GET('/api/v1/public/surveys/{token}', { params: { path: { token } } })),
    retry: false,
  });
  const submit = useMutation({
    mutationFn: (answers: Answers) =>
      unwrap<SurveyResponse>(api.POST('/api/v1/public/surveys/{token}', { params: { path: { token } }, body: { answers } })),
  });

  let body: React.ReactNode;
  if (submit.isSuccess) {
    body = <Result status="success" title={t('surveys.public.thanks')} data-testid="public-thanks" />;
  } else if (isApiError(submit.error, 409) || isApiError(survey.error, 409)) {
    body = <Result status="info" title={t('surveys.public.already')} data-testid="public-already" />;
  } else if (isApiError(survey.error, 404) || isApiError(submit.error, 404)) {
    body = (
      <Result
        status="404"
        title={t('surveys.public.notFound')}
        subTitle={t('surveys.public.notFoundHint')}
        data-testid="public-not-found"
      />
    );
  } else if (survey.isPending) {
    body = <Skeleton active paragraph={{ rows: 8 }} />;
  } else if (survey.isError) {
    body = <Result status="error" title={t('surveys.public.error')} />;
  } else {
    body = (
      <>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {survey.data.title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{survey.data.description ?? t('surveys.public.intro')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('surveys.public.expiresAt', { date: dayjs(survey.data.expiresAt).format('YYYY-MM-DD HH:mm') })}
        </Typography.Paragraph>
        {submit.isError && !isApiError(submit.error, 400) && (
          <Alert type="error" title={t('surveys.public.error')} style={{ marginBottom: 12 }} />
        )}
        <SurveyForm
          questions={survey.data.questions}
          onSubmit={(answers) => submit.mutate(answers)}
          submitting={submit.isPending}
          error={submit.error}
          idPrefix="public-survey"
        />
      </>
    );
  }

  return (
    <div lang="zh-CN" style={{ minHeight: '100vh', background: '#f5f7fa', padding: '16px 12px' }}>
      <div style={{ maxWidth: 640, margin: '0 auto' }}>
        <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', marginBottom: 12 }}>
          {t('surveys.public.title')}
        </Typography.Text>
        <Card variant="borderless" styles={{ body: { padding: 'clamp(16px, 4vw, 32px)' } }}>
          {body}
        </Card>
      </div>
    </div>
  );
}
