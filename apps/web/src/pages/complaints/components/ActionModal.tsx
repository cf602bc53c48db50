/**
 * The forms behind the detail page's action buttons: answer, escalate, extend with consent, return
 * visit, close, invalidate. Each validates what it can locally and shows the API's answer (409 stale
 * or illegal state, 422 naming the rule) inside the dialog, so nothing the agent typed is lost.
 */
import { DatePicker, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../../api/errors';
import { useBusinessTime } from '../../../i18n/time';
import { useComplaintActions } from '../api';
import {
  CONSENT_CHANNELS,
  type ComplaintResponse,
  RETURN_VISIT_METHODS,
  RETURN_VISIT_OUTCOMES,
  type ReturnVisitMethod,
  type ReturnVisitOutcome,
} from '../types';
import { ActionError } from './ActionError';
import { fromWallClock, toWallClock } from './wall-clock';

export type ComplaintAction = 'note' | 'answer' | 'escalate' | 'extend' | 'returnVisit' | 'close' | 'invalidate';

interface ActionValues {
  note?: string;
  answer?: string;
  reason?: string;
  newDueAt?: Dayjs;
  consentBy?: string;
  consentAt?: Dayjs;
  consentChannel?: string;
  method?: ReturnVisitMethod;
  outcome?: ReturnVisitOutcome;
  notes?: string;
  signedBy?: string;
}

const FIELDS = ['note', 'answer', 'reason', 'newDueAt', 'consent', 'method', 'outcome', 'notes', 'signedBy'];

export function ActionModal({
  action,
  complaint,
  onClose,
}: {
  action: ComplaintAction;
  complaint: ComplaintResponse;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ActionValues>();
  const actions = useComplaintActions(complaint.id);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const method = Form.useWatch('method', form);
  const version = complaint.version;
  const { timeZone } = useBusinessTime();

  const run = async (values: ActionValues): Promise<void> => {
    switch (action) {
      case 'note':
        await actions.note.mutateAsync({ note: values.note!.trim(), version });
        return;
      case 'answer':
        await actions.answer.mutateAsync({ answer: values.answer!.trim(), version });
        return;
      case 'escalate':
        await actions.escalate.mutateAsync({ reason: values.reason!.trim(), version });
        return;
      case 'extend':
        await actions.extend.mutateAsync({
          newDueAt: fromWallClock(values.newDueAt!, timeZone),
          reason: values.reason!.trim(),
          consent: { by: values.consentBy!.trim(), at: fromWallClock(values.consentAt!, timeZone), channel: values.consentChannel! },
          version,
        });
        return;
      case 'returnVisit':
        await actions.returnVisit.mutateAsync({
          method: values.method!,
          outcome: values.outcome!,
          notes: values.notes?.trim() || undefined,
          signedBy: values.method === 'onsite' ? values.signedBy?.trim() : undefined,
          version,
        });
        return;
      case 'close':
        await actions.close.mutateAsync({ version });
        return;
      case 'invalidate':
        await actions.invalidate.mutateAsync({ reason: values.reason!.trim(), version });
        return;
    }
  };

  const onOk = async () => {
    let values: ActionValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setPending(true);
    setError(null);
    try {
      await run(values);
      onClose();
    } catch (e) {
      applyFieldErrors(form, e, FIELDS);
      setError(e);
    } finally {
      setPending(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('common.required') };

  return (
    <Modal
      open
      title={t(`complaints.actions.${action}`)}
      okText={t(`complaints.actions.${action}`)}
      cancelText={t('common.cancel')}
      onOk={() => void onOk()}
      onCancel={onClose}
      confirmLoading={pending}
      okButtonProps={{ danger: action === 'invalidate' }}
      destroyOnHidden
      width={560}
    >
      <div
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
            e.preventDefault();
            void onOk();
          }
        }}
      >
        <ActionError error={error} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ consentAt: toWallClock(Date.now(), timeZone), method: 'phone', outcome: 'satisfied', consentChannel: 'phone' }}
        >
          {action === 'note' && (
            <Form.Item name="note" label={t('complaints.fields.note')} rules={[required]} extra={t('complaints.actions.noteHint')}>
              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} autoFocus />
            </Form.Item>
          )}
          {action === 'answer' && (
            <Form.Item name="answer" label={t('complaints.fields.answer')} rules={[required]}>
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} autoFocus data-testid="answer-text" />
            </Form.Item>
          )}
          {(action === 'escalate' || action === 'invalidate' || action === 'extend') && (
            <Form.Item name="reason" label={t('complaints.fields.reason')} rules={[required]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} autoFocus data-testid="action-reason" />
            </Form.Item>
          )}
          {action === 'escalate' && (
            <Typography.Paragraph type="secondary">
              {t('complaints.actions.escalateHint', { tier: complaint.tier + 1 })}
            </Typography.Paragraph>
          )}
          {action === 'extend' && (
            <>
              <Form.Item
                name="newDueAt"
                label={t('complaints.fields.newDueAt')}
                rules={[
                  { required: true, message: t('common.required') },
                  {
                    validator: (_, value?: Dayjs) =>
                      !value || !complaint.dueAt || Date.parse(fromWallClock(value, timeZone)) > Date.parse(complaint.dueAt)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('complaints.actions.laterThanDue'))),
                  },
                ]}
              >
                <DatePicker showTime style={{ width: '100%' }} disabledDate={(d) => d.isBefore(toWallClock(Date.now(), timeZone), 'day')} />
              </Form.Item>
              <Typography.Text strong>{t('complaints.fields.consent')}</Typography.Text>
              <Form.Item name="consentBy" label={t('complaints.fields.consentBy')} rules={[required]}>
                <Input maxLength={120} />
              </Form.Item>
              <Form.Item
                name="consentAt"
                label={t('complaints.fields.consentAt')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <DatePicker showTime style={{ width: '100%' }} disabledDate={(d) => d.isAfter(toWallClock(Date.now(), timeZone), 'day')} />
              </Form.Item>
              <Form.Item name="consentChannel" label={t('complaints.fields.consentChannel')} rules={[{ required: true }]}>
                <Select options={CONSENT_CHANNELS.map((c) => ({ value: c, label: t(`complaints.consentChannel.${c}`) }))} />
              </Form.Item>
            </>
          )}
          {action === 'returnVisit' && (
            <>
              <Form.Item name="method" label={t('complaints.fields.method')} rules={[{ required: true }]}>
                <Radio.Group optionType="button">
                  {RETURN_VISIT_METHODS.map((m) => (
                    <Radio.Button key={m} value={m}>
                      {t(`complaints.visitMethod.${m}`)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Form.Item name="outcome" label={t('complaints.fields.outcome')} rules={[{ required: true }]}>
                <Radio.Group>
                  {RETURN_VISIT_OUTCOMES.map((o) => (
                    <Radio key={o} value={o} data-testid={`outcome-${o}`}>
                      {t(`complaints.visitOutcome.${o}`)}
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
              {method === 'onsite' && (
                <Form.Item name="signedBy" label={t('complaints.fields.signedBy')} rules={[required]}>
                  <Input maxLength={120} />
                </Form.Item>
              )}
              <Form.Item name="notes" label={t('complaints.fields.notes')}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="visit-notes" />
              </Form.Item>
              <Typography.Paragraph type="secondary">{t('complaints.actions.unsatisfiedHint')}</Typography.Paragraph>
            </>
          )}
          {action === 'close' && (
            <Typography.Paragraph>{t('complaints.actions.closeConfirm', { number: complaint.number })}</Typography.Paragraph>
          )}
        </Form>
      </div>
    </Modal>
  );
}
