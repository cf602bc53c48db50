import { Button, Checkbox, Flex, Form, Input, Radio, Rate, Typography } from 'antd';
import { cloneElement, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/errors';
import type { Answers, SurveyQuestion } from './api';

const RATING_KEYS = ['r1', 'r2', 'r3', 'r4', 'r5'] as const;
const NPS_VALUES = Array.from({ length: 11 }, (_, i) => i);

/** One question's input: stars for a rating, 0–10 buttons for NPS, radios, checkboxes or text. */
// `control` is the value/onChange/id that Form.Item injects; it goes to the input itself.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each antd input types its value differently
function QuestionInput({ question, disabled, ...control }: { question: SurveyQuestion; disabled?: boolean; [prop: string]: any }) {
  const { t } = useTranslation();
  switch (question.type) {
    case 'rating':
      return <Rate {...control} disabled={disabled} tooltips={RATING_KEYS.map((k) => t(`surveys.rating.${k}`))} style={{ fontSize: 28 }} />;
    case 'nps':
      return (
        <div>
          <Radio.Group
            {...control}
            disabled={disabled}
            optionType="button"
            buttonStyle="solid"
            style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}
          >
            {NPS_VALUES.map((v) => (
              <Radio.Button key={v} value={v} style={{ minWidth: 36, textAlign: 'center' }}>
                {v}
              </Radio.Button>
            ))}
          </Radio.Group>
          <Flex justify="space-between" style={{ marginTop: 4, maxWidth: 440 }}>
            <Typography.Text type="secondary">{t('surveys.form.npsLow')}</Typography.Text>
            <Typography.Text type="secondary">{t('surveys.form.npsHigh')}</Typography.Text>
          </Flex>
        </div>
      );
    case 'single_choice':
      return (
        <Radio.Group {...control} disabled={disabled} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {(question.options ?? []).map((o) => (
            <Radio key={o} value={o}>
              {o}
            </Radio>
          ))}
        </Radio.Group>
      );
    case 'multi_choice':
      return (
        <Checkbox.Group
          {...control}
          disabled={disabled}
          options={question.options ?? []}
          style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
        />
      );
    case 'text':
      return <Input.TextArea {...control} disabled={disabled} rows={3} maxLength={2000} showCount />;
  }
}

/**
 * A questionnaire as a form, shared by the template preview, the agent's answer drawer and the
 * public page. Answers that the API refuses come back as `details: [{field: 'answers.<key>'}]`
 * and are shown under their question.
 */
export function SurveyForm({
  questions,
  onSubmit,
  submitting,
  error,
  preview,
  idPrefix = 'survey',
}: {
  questions: readonly SurveyQuestion[];
  onSubmit?: (answers: Answers) => void;
  submitting?: boolean;
  /** The last submit error (an API 400 naming questions). */
  error?: unknown;
  /** Read-only preview: no submit button. */
  preview?: boolean;
  idPrefix?: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Record<string, AnswerLike>>();

  useEffect(() => {
    if (!isApiError(error) || !error.body.details?.length) return;
    const byKey = new Map<string, string[]>();
    for (const { field, problem } of error.body.details) {
      const key = field.startsWith('answers.') ? field.slice('answers.'.length) : field;
      if (questions.some((q) => q.key === key)) byKey.set(key, [...(byKey.get(key) ?? []), problem]);
    }
    form.setFields([...byKey].map(([name, errors]) => ({ name, errors })));
  }, [error, form, questions]);

  const finish = (values: Record<string, AnswerLike>) => {
    const answers: Answers = {};
    for (const q of questions) {
      const v = values[q.key];
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      answers[q.key] = v;
    }
    onSubmit?.(answers);
  };

  return (
    <Form form={form} name={idPrefix} layout="vertical" onFinish={finish} requiredMark>
      {questions.map((q, index) => (
        <Form.Item
          key={q.key}
          name={q.key}
          label={
            <span data-testid={`question-${q.key}`}>
              {index + 1}. {q.text}
            </span>
          }
          rules={q.required ? [{ required: true, message: t('surveys.form.required') }] : []}
        >
          <AnswerSlot testId={`answer-${q.key}`}>
            <QuestionInput question={q} disabled={preview} />
          </AnswerSlot>
        </Form.Item>
      ))}
      {!preview && (
        <Button type="primary" htmlType="submit" loading={submitting} block size="large" data-testid="survey-submit">
          {t('surveys.form.submit')}
        </Button>
      )}
    </Form>
  );
}

type AnswerLike = number | string | string[] | undefined | null;

/** Passes the Form.Item's value/onChange through to the input and marks it for tests. */
function AnswerSlot({ testId, children, ...control }: { testId: string; children: React.ReactElement<Record<string, unknown>> }) {
  return <div data-testid={testId}>{cloneElement(children, control)}</div>;
}
