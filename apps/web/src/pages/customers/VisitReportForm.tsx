import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Flex, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { applyFieldErrors, errorMessage } from '../../api/errors';
import { DATE_FORMAT } from '../../i18n/time';
import { CUSTOMERS_KEY, type VisitReport } from './customers-api';

interface Values {
  visitedOn: Dayjs;
  attendees?: string;
  findings: string;
  followUps?: { department: string; description: string; dueOn?: Dayjs | null }[];
}

/** The visit report form: for a scheduled visit of an approved plan, or an ad-hoc visit. */
export function VisitReportModal({
  customerId,
  customerName,
  planVisitId,
  onClose,
}: {
  customerId: string;
  customerName: string;
  planVisitId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const save = useMutation({
    mutationFn: (v: Values) =>
      unwrap<VisitReport>(
        api.POST('/api/v1/visit-reports', {
          headers: { 'Idempotency-Key': idempotencyKey },
          body: {
            customerId,
            planVisitId,
            visitedOn: v.visitedOn.format(DATE_FORMAT),
            attendees: v.attendees?.trim() || undefined,
            findings: v.findings.trim(),
            followUps: (v.followUps ?? []).map((f) => ({
              department: f.department.trim(),
              description: f.description.trim(),
              dueOn: f.dueOn ? f.dueOn.format(DATE_FORMAT) : undefined,
            })),
          },
        }),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY }),
        queryClient.invalidateQueries({ queryKey: ['visit-reports'] }),
        queryClient.invalidateQueries({ queryKey: ['visit-plans'] }),
      ]);
      void message.success(t('customers.detail.visits.saved'));
      onClose();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error, ['visitedOn', 'attendees', 'findings', 'followUps'])) void message.error(errorMessage(error, t));
    },
  });
  return (
    <Modal
      open
      title={`${t('customers.detail.visits.add')} · ${customerName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      width={680}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        name="visit-report"
        layout="vertical"
        initialValues={{ visitedOn: dayjs() }}
        onFinish={(v) => save.mutate(v)}
      >
        <Flex gap={16}>
          <Form.Item name="visitedOn" label={t('customers.detail.visits.visitedOn')} rules={[{ required: true }]} style={{ width: 200 }}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="attendees" label={t('customers.detail.visits.attendees')} style={{ flex: 1 }}>
            <Input maxLength={1000} />
          </Form.Item>
        </Flex>
        <Form.Item name="findings" label={t('customers.detail.visits.findings')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={4} maxLength={10000} />
        </Form.Item>
        <Form.List name="followUps">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="baseline">
                  <Form.Item name={[field.name, 'department']} rules={[{ required: true, whitespace: true }]} style={{ width: 140 }}>
                    <Input placeholder={t('customers.detail.visits.department')} maxLength={120} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} rules={[{ required: true, whitespace: true }]} style={{ flex: 1 }}>
                    <Input placeholder={t('customers.detail.visits.description')} maxLength={2000} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'dueOn']} style={{ width: 150 }}>
                    <DatePicker placeholder={t('customers.detail.visits.dueOn')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
                {t('customers.detail.visits.addFollowUp')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
