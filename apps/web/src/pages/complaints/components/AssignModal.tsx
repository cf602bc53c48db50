/**
 * A manager hands the complaint to a handler, or the return visit to someone else than the
 * first-contact owner ("does the return visit unless reassigned by a manager"). The owner stays the
 * owner. Users come from the manager's own scope (the API checks again).
 */
import { Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../../api/errors';
import { useAssignComplaint, useUserSearch } from '../api';
import type { ComplaintResponse } from '../types';
import { ActionError } from './ActionError';

interface AssignValues {
  handlerId?: string;
  returnVisitAssigneeId?: string;
}

function UserPicker({ value, onChange, id }: { value?: string; onChange?: (v: string | undefined) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const users = useUserSearch(q);
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v?: string) => onChange?.(v)}
      loading={users.isFetching}
      placeholder={t('complaints.assign.searchUser')}
      options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))}
      notFoundContent={users.isError ? t('errors.unknown') : undefined}
    />
  );
}

export function AssignModal({ complaint, onClose }: { complaint: ComplaintResponse; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AssignValues>();
  const assign = useAssignComplaint(complaint.id);
  const [error, setError] = useState<unknown>(null);

  const onOk = async () => {
    const values = await form.validateFields();
    if (!values.handlerId && !values.returnVisitAssigneeId) {
      onClose();
      return;
    }
    setError(null);
    try {
      await assign.mutateAsync({
        version: complaint.version,
        ...(values.handlerId ? { handlerId: values.handlerId } : {}),
        ...(values.returnVisitAssigneeId ? { returnVisitAssigneeId: values.returnVisitAssigneeId } : {}),
      });
      onClose();
    } catch (e) {
      applyFieldErrors(form, e, ['handlerId', 'returnVisitAssigneeId']);
      setError(e);
    }
  };

  return (
    <Modal
      open
      title={t('complaints.actions.assign')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void onOk()}
      onCancel={onClose}
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      <ActionError error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="handlerId" label={t('complaints.assign.handler')} extra={t('complaints.assign.ownerStays')}>
          <UserPicker id="handlerId" />
        </Form.Item>
        <Form.Item name="returnVisitAssigneeId" label={t('complaints.assign.returnVisit')}>
          <UserPicker id="returnVisitAssigneeId" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
