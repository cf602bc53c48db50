import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, HolderOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  theme,
  Tooltip,
  Typography,
} from 'antd';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { applyFieldErrors, errorMessage } from '../../api/errors';
import { compactQuery, useCursorList } from '../../api/query';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { useBusinessTime } from '../../i18n/time';
import { QUESTION_TYPES, type QuestionType, type SurveyQuestion, type SurveyTemplate } from './api';
import { SurveyForm } from './SurveyForm';

const TEMPLATES_KEY = ['surveys', 'templates'] as const;
export const SURVEY_DESIGNERS = ['quality_evaluator', 'cs_manager'] as const;

interface QuestionDraft {
  key: string;
  type: QuestionType;
  text: string;
  required: boolean;
  overall: boolean;
  options: string[];
}

interface TemplateDraft {
  name: string;
  description?: string;
  questions: QuestionDraft[];
}

const blankQuestion = (index: number, overall = false): QuestionDraft => ({
  key: overall ? 'overall' : `q${index + 1}`,
  type: 'rating',
  text: '',
  required: overall,
  overall,
  options: [],
});

function toPayload(draft: TemplateDraft): { name: string; description?: string; questions: SurveyQuestion[] } {
  return {
    name: draft.name,
    ...(draft.description ? { description: draft.description } : {}),
    questions: (draft.questions ?? []).map((q) => ({
      key: q.key,
      type: q.type,
      text: q.text,
      required: q.required,
      ...(q.overall ? { overall: true } : {}),
      ...(q.type === 'single_choice' || q.type === 'multi_choice' ? { options: q.options ?? [] } : {}),
    })),
  };
}

/** Where a dragged question would land: before or after the card at `index`. */
interface DropTarget {
  index: number;
  position: 'before' | 'after';
}

/**
 * The index a question moves to when dropped at `target` (Form.List `move(from, to)` semantics),
 * or null when the drop would leave it where it is.
 */
function dropIndex(from: number, target: DropTarget): number | null {
  const insertAt = target.position === 'before' ? target.index : target.index + 1;
  if (insertAt === from || insertAt === from + 1) return null;
  return insertAt > from ? insertAt - 1 : insertAt;
}

function TemplateEditor({ template, onClose }: { template: SurveyTemplate | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TemplateDraft>();
  const watched = Form.useWatch([], form) as TemplateDraft | undefined;
  const [idempotencyKey] = useState(newIdempotencyKey);
  const { token } = theme.useToken();
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropTarget, setDropTarget] = useState<DropTarget | null>(null);
  const initial: TemplateDraft = template
    ? {
        name: template.name,
        description: template.description ?? undefined,
        questions: template.questions.map((q) => ({ ...q, overall: q.overall ?? false, options: q.options ?? [] })),
      }
    : { name: '', questions: [blankQuestion(0, true)] };

  const save = useMutation({
    mutationFn: (draft: TemplateDraft) =>
      template
        ? unwrap<SurveyTemplate>(
            api.PATCH('/api/v1/survey-templates/{id}', {
              params: { path: { id: template.id } },
              body: { version: template.version, ...toPayload(draft) },
            }),
          )
        : unwrap<SurveyTemplate>(
            api.POST('/api/v1/survey-templates', { body: toPayload(draft), headers: { 'Idempotency-Key': idempotencyKey } }),
          ),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: TEMPLATES_KEY });
      if (template && saved.id !== template.id) void message.info(t('surveys.templates.versioned', { n: saved.versionNo }));
      else void message.success(t('surveys.templates.saved'));
      onClose();
    },
    onError: (e) => {
      if (!applyFieldErrors(form, e, ['name', 'description'])) void message.error(errorMessage(e, t));
    },
  });

  const setOverall = (index: number, checked: boolean) => {
    const questions = [...(form.getFieldValue('questions') as QuestionDraft[])];
    form.setFieldValue(
      'questions',
      questions.map((q, i) => ({
        ...q,
        overall: checked ? i === index : i === index ? false : q.overall,
        ...(checked && i === index ? { required: true, type: 'rating' as const } : {}),
      })),
    );
  };

  const endDrag = () => {
    setDragFrom(null);
    setDropTarget(null);
  };

  /** The drop position under the pointer: the upper half of a card means before it. */
  const targetAt = (event: DragEvent<HTMLElement>, index: number): DropTarget => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { index, position: event.clientY < rect.top + rect.height / 2 ? 'before' : 'after' };
  };

  const previewQuestions: SurveyQuestion[] = (watched?.questions ?? [])
    .filter((q): q is QuestionDraft => Boolean(q?.key && q.text))
    .map((q) => ({ key: q.key, type: q.type, text: q.text, required: q.required, options: q.options }));

  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        {template && template.responseCount > 0 && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('surveys.templates.answeredHint', { count: template.responseCount })}
          />
        )}
        <Form form={form} name="survey-template" layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
          <Form.Item
            name="name"
            label={t('surveys.templates.name')}
            rules={[{ required: true, whitespace: true, message: t('surveys.templates.nameRequired') }]}
          >
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="description" label={t('surveys.templates.description')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Typography.Title level={5}>{t('surveys.templates.questions')}</Typography.Title>
          <Form.List name="questions">
            {(fields, { add, remove, move }) => (
              <>
                {fields.map((field, index) => {
                  const type = watched?.questions?.[index]?.type;
                  const isChoice = type === 'single_choice' || type === 'multi_choice';
                  const indicator =
                    dragFrom !== null && dropTarget?.index === index && dropIndex(dragFrom, dropTarget) !== null
                      ? dropTarget.position
                      : undefined;
                  const indicatorShadow = `0 ${indicator === 'before' ? -4 : 4}px 0 0 ${token.colorPrimary}`;
                  return (
                    <Card
                      key={field.key}
                      size="small"
                      style={{
                        marginBottom: 8,
                        opacity: dragFrom === index ? 0.5 : 1,
                        ...(indicator ? { boxShadow: indicatorShadow } : {}),
                      }}
                      data-testid="question-card"
                      data-drop-indicator={indicator}
                      onDragEnter={(event) => {
                        // Cancelling dragenter makes the card the drop target (HTML drag-and-drop model).
                        if (dragFrom !== null) event.preventDefault();
                      }}
                      onDragOver={(event) => {
                        if (dragFrom === null) return;
                        event.preventDefault();
                        event.dataTransfer.dropEffect = 'move';
                        const next = targetAt(event, index);
                        if (next.index !== dropTarget?.index || next.position !== dropTarget.position) setDropTarget(next);
                      }}
                      onDragLeave={(event) => {
                        if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
                        setDropTarget((current) => (current?.index === index ? null : current));
                      }}
                      onDrop={(event) => {
                        if (dragFrom === null) return;
                        event.preventDefault();
                        const to = dropIndex(dragFrom, targetAt(event, index));
                        if (to !== null) move(dragFrom, to);
                        endDrag();
                      }}
                      title={
                        <Space size={6}>
                          <Tooltip title={t('surveys.templates.dragHandle')}>
                            <span
                              draggable
                              role="img"
                              aria-label={t('surveys.templates.dragHandle')}
                              data-testid="question-drag-handle"
                              style={{ cursor: 'grab', color: token.colorTextSecondary, padding: '0 2px' }}
                              onDragStart={(event) => {
                                event.dataTransfer.effectAllowed = 'move';
                                // Firefox starts a drag only when some data is set.
                                event.dataTransfer.setData('text/plain', String(index + 1));
                                const card = event.currentTarget.closest('[data-testid="question-card"]');
                                if (card) event.dataTransfer.setDragImage(card, 16, 16);
                                setDragFrom(index);
                              }}
                              onDragEnd={endDrag}
                            >
                              <HolderOutlined />
                            </span>
                          </Tooltip>
                          {`${index + 1}.`}
                        </Space>
                      }
                      extra={
                        <Space size={2}>
                          <Tooltip title={t('surveys.templates.moveUp')}>
                            <Button
                              size="small"
                              icon={<ArrowUpOutlined />}
                              disabled={index === 0}
                              onClick={() => move(index, index - 1)}
                              aria-label={t('surveys.templates.moveUp')}
                            />
                          </Tooltip>
                          <Tooltip title={t('surveys.templates.moveDown')}>
                            <Button
                              size="small"
                              icon={<ArrowDownOutlined />}
                              disabled={index === fields.length - 1}
                              onClick={() => move(index, index + 1)}
                              aria-label={t('surveys.templates.moveDown')}
                            />
                          </Tooltip>
                          <Tooltip title={t('surveys.templates.remove')}>
                            <Button
                              size="small"
                              danger
                              icon={<DeleteOutlined />}
                              disabled={fields.length === 1}
                              onClick={() => remove(index)}
                              aria-label={t('surveys.templates.remove')}
                            />
                          </Tooltip>
                        </Space>
                      }
                    >
                      <Row gutter={8}>
                        <Col span={16}>
                          <Form.Item
                            name={[field.name, 'text']}
                            label={t('surveys.templates.text')}
                            rules={[{ required: true, whitespace: true, message: t('surveys.templates.textRequired') }]}
                          >
                            <Input maxLength={500} />
                          </Form.Item>
                        </Col>
                        <Col span={8}>
                          <Form.Item
                            name={[field.name, 'key']}
                            label={t('surveys.templates.key')}
                            tooltip={t('surveys.templates.keyHint')}
                            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('surveys.templates.keyHint') }]}
                          >
                            <Input maxLength={40} />
                          </Form.Item>
                        </Col>
                        <Col span={8}>
                          <Form.Item name={[field.name, 'type']} label={t('surveys.templates.type')}>
                            <Select options={QUESTION_TYPES.map((qt) => ({ value: qt, label: t(`surveys.questionTypes.${qt}`) }))} />
                          </Form.Item>
                        </Col>
                        <Col span={8}>
                          <Form.Item name={[field.name, 'required']} label={t('surveys.templates.required')} valuePropName="checked">
                            <Switch />
                          </Form.Item>
                        </Col>
                        <Col span={8}>
                          <Form.Item name={[field.name, 'overall']} label={t('surveys.templates.overall')} valuePropName="checked">
                            <Switch disabled={type !== 'rating'} onChange={(checked) => setOverall(index, checked)} />
                          </Form.Item>
                        </Col>
                        {isChoice && (
                          <Col span={24}>
                            <Form.Item
                              name={[field.name, 'options']}
                              label={t('surveys.templates.options')}
                              tooltip={t('surveys.templates.optionsHint')}
                            >
                              <Select
                                mode="tags"
                                open={false}
                                tokenSeparators={[',', '，']}
                                placeholder={t('surveys.templates.optionsHint')}
                              />
                            </Form.Item>
                          </Col>
                        )}
                      </Row>
                    </Card>
                  );
                })}
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() => add(blankQuestion(fields.length))}
                  data-testid="question-add"
                >
                  {t('surveys.templates.addQuestion')}
                </Button>
              </>
            )}
          </Form.List>
          <Flex justify="end" gap={8} style={{ marginTop: 16 }}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="template-save">
              {t('common.save')}
            </Button>
          </Flex>
        </Form>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('surveys.templates.preview')} size="small" style={{ position: 'sticky', top: 0 }} data-testid="template-preview">
          {previewQuestions.length > 0 ? (
            <SurveyForm questions={previewQuestions} preview idPrefix="template-preview" />
          ) : (
            <Empty description={t('surveys.templates.previewEmpty')} />
          )}
        </Card>
      </Col>
    </Row>
  );
}

export default function TemplatesPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const { dateTime } = useBusinessTime();
  const canDesign = hasRole([...SURVEY_DESIGNERS]);
  const [editing, setEditing] = useState<SurveyTemplate | 'new' | null>(null);
  const [familyId, setFamilyId] = useState<string | undefined>();
  const list = useCursorList<SurveyTemplate>([...TEMPLATES_KEY, familyId ?? 'current'], (cursor) =>
    unwrap(api.GET('/api/v1/survey-templates', { params: { query: compactQuery({ cursor, familyId }) } })),
  );

  return (
    <>
      <PageHeader
        title={t('surveys.templates.title')}
        extra={
          <>
            {familyId && <Button onClick={() => setFamilyId(undefined)}>{t('surveys.campaigns.back')}</Button>}
            {canDesign && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="template-create">
                {t('surveys.templates.create')}
              </Button>
            )}
          </>
        }
      />
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} />}
      <Table<SurveyTemplate>
        rowKey="id"
        data-testid="templates-table"
        loading={list.isPending}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: <Empty description={t('surveys.templates.empty')} /> }}
        columns={[
          { title: t('surveys.templates.name'), dataIndex: 'name' },
          {
            title: t('surveys.templates.versionNo'),
            dataIndex: 'versionNo',
            width: 120,
            render: (v: number, r) => (
              <Space>
                <Button type="link" size="small" onClick={() => setFamilyId(r.familyId)} style={{ padding: 0 }}>
                  v{v}
                </Button>
                {r.isCurrent && <Tag color="blue">{t('surveys.templates.current')}</Tag>}
              </Space>
            ),
          },
          { title: t('surveys.templates.questions'), key: 'questions', width: 80, render: (_, r) => r.questions.length },
          { title: t('surveys.templates.responses'), dataIndex: 'responseCount', width: 90 },
          { title: t('surveys.templates.updatedAt'), dataIndex: 'updatedAt', width: 170, render: (v: string) => dateTime(v) },
          {
            title: '',
            key: 'actions',
            width: 90,
            render: (_, r) =>
              canDesign && r.isCurrent ? (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                  {t('common.edit')}
                </Button>
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
        open={editing !== null}
        onClose={() => setEditing(null)}
        size="large"
        styles={{ wrapper: { width: 'min(1200px, 100vw)' } }}
        title={editing === 'new' ? t('surveys.templates.create') : t('surveys.templates.edit')}
        destroyOnHidden
      >
        {editing !== null && <TemplateEditor template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      </Drawer>
    </>
  );
}
