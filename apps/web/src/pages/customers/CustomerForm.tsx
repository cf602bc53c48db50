import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { applyFieldErrors, errorMessage, isStaleVersion } from '../../api/errors';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { DATE_FORMAT } from '../../i18n/time';
import {
  type Confidentiality,
  type Customer,
  CUSTOMER_KINDS,
  CUSTOMERS_KEY,
  type CustomerKind,
  FREQUENCIES,
  LEVELS,
  type ShipmentFrequency,
  YUAN,
} from './customers-api';

interface Values {
  name: string;
  kind: CustomerKind;
  owningUnitId: string;
  address?: string;
  phones?: string;
  monthlyShipmentVolume?: number;
  shipmentFrequency: ShipmentFrequency;
  annualBusinessVolume: string;
  confidentiality: Confidentiality;
  suggestions?: string;
  projectDeliveredOn?: Dayjs | null;
}

const FIELDS = [
  'name',
  'kind',
  'owningUnitId',
  'address',
  'phones',
  'monthlyShipmentVolume',
  'shipmentFrequency',
  'annualBusinessVolume',
  'confidentiality',
  'suggestions',
  'projectDeliveredOn',
];

/** Create (customer null) or edit a customer archive. */
export function CustomerFormModal({
  customer,
  onClose,
  onSaved,
}: {
  customer: Customer | null;
  onClose: () => void;
  onSaved?: (c: Customer) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const initial: Partial<Values> = customer
    ? {
        name: customer.name,
        kind: customer.kind,
        owningUnitId: customer.owningUnitId,
        address: customer.address ?? undefined,
        phones: customer.phones.join('\n'),
        monthlyShipmentVolume: customer.monthlyShipmentVolume,
        shipmentFrequency: customer.shipmentFrequency,
        annualBusinessVolume: customer.annualBusinessVolume,
        confidentiality: customer.confidentiality,
        suggestions: customer.suggestions ?? undefined,
        projectDeliveredOn: customer.projectDeliveredOn ? dayjs(customer.projectDeliveredOn, DATE_FORMAT) : null,
      }
    : { kind: 'long_term', shipmentFrequency: 'weekly', confidentiality: 'secret', monthlyShipmentVolume: 0, annualBusinessVolume: '0.00' };

  const save = useMutation({
    mutationFn: async (v: Values): Promise<Customer> => {
      const phones = (v.phones ?? '')
        .split(/\n/)
        .map((p) => p.trim())
        .filter(Boolean);
      const body = {
        name: v.name.trim(),
        kind: v.kind,
        owningUnitId: v.owningUnitId,
        phones,
        monthlyShipmentVolume: v.monthlyShipmentVolume ?? 0,
        shipmentFrequency: v.shipmentFrequency,
        annualBusinessVolume: v.annualBusinessVolume.trim(),
        confidentiality: v.confidentiality,
        projectDeliveredOn: v.projectDeliveredOn ? v.projectDeliveredOn.format(DATE_FORMAT) : null,
      };
      // Masked fields were never shown; do not send them back as empty values.
      const address = customer?.maskedFields.includes('address') ? {} : { address: v.address?.trim() || null };
      const suggestions = customer?.maskedFields.includes('suggestions') ? {} : { suggestions: v.suggestions?.trim() || null };
      if (!customer) {
        return unwrap<Customer>(
          api.POST('/api/v1/customers', { body: { ...body, ...address, ...suggestions }, headers: { 'Idempotency-Key': idempotencyKey } }),
        );
      }
      return unwrap<Customer>(
        api.PATCH('/api/v1/customers/{id}', {
          params: { path: { id: customer.id } },
          body: { ...body, ...address, ...suggestions, version: customer.version },
        }),
      );
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
      void message.success(customer ? t('common.saved') : t('customers.list.created', { name: saved.name }));
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => {
      if (isStaleVersion(error)) void queryClient.invalidateQueries({ queryKey: CUSTOMERS_KEY });
      if (!applyFieldErrors(form, error, FIELDS)) void message.error(errorMessage(error, t));
    },
  });

  return (
    <Modal
      open
      title={customer ? t('customers.form.editTitle') : t('customers.form.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
    >
      <Form<Values> form={form} name="customer" layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="name"
          label={t('customers.fields.name')}
          rules={[{ required: true, whitespace: true, message: t('customers.form.nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
          <Form.Item name="kind" label={t('customers.fields.kind')} rules={[{ required: true }]}>
            <Select options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`customers.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item
            name="owningUnitId"
            label={t('customers.fields.owningUnit')}
            rules={[{ required: true, message: t('customers.form.unitRequired') }]}
          >
            <OrgUnitSelect />
          </Form.Item>
          <Form.Item
            name="annualBusinessVolume"
            label={t('customers.fields.annualBusinessVolume')}
            extra={t('customers.form.hqHint')}
            rules={[{ required: true, pattern: YUAN, message: t('customers.form.volumeInvalid') }]}
          >
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item name="monthlyShipmentVolume" label={t('customers.fields.monthlyShipmentVolume')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="shipmentFrequency" label={t('customers.fields.shipmentFrequency')} rules={[{ required: true }]}>
            <Select options={FREQUENCIES.map((f) => ({ value: f, label: t(`customers.frequencies.${f}`) }))} />
          </Form.Item>
          <Form.Item name="confidentiality" label={t('customers.fields.confidentiality')} rules={[{ required: true }]}>
            <Select options={LEVELS.map((l) => ({ value: l, label: t(`customers.levels.${l}`) }))} />
          </Form.Item>
          <Form.Item name="phones" label={t('customers.fields.phones')} extra={t('customers.fields.phonesHint')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="projectDeliveredOn" label={t('customers.fields.projectDeliveredOn')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </div>
        {!customer?.maskedFields.includes('address') && (
          <Form.Item name="address" label={t('customers.fields.address')}>
            <Input maxLength={500} />
          </Form.Item>
        )}
        {!customer?.maskedFields.includes('suggestions') && (
          <Form.Item name="suggestions" label={t('customers.fields.suggestions')}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        )}
        {customer && <Typography.Text type="secondary">v{customer.version}</Typography.Text>}
      </Form>
    </Modal>
  );
}
