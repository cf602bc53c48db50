/**
 * The return-visit sampling rule [004 第10篇]: at least 10 % of answered complaints get a return
 * visit, at least 30 % of those on site, serious ones always. The scheduler picks the sample.
 */
import { Button, Card, Descriptions, Flex, Form, InputNumber, Skeleton, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../auth/auth-context';
import { useSamplingRule, useSaveSamplingRule } from '../api';
import { ActionError } from './ActionError';

interface SamplingValues {
  samplePercent: number;
  onsitePercent: number;
  seriousAlways: boolean;
}

export function SamplingRuleCard() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const rule = useSamplingRule();
  const save = useSaveSamplingRule();
  const [form] = Form.useForm<SamplingValues>();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: SamplingValues) => {
    setError(null);
    try {
      await save.mutateAsync({ ...values, version: rule.data!.version });
      setEditing(false);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card
      size="small"
      title={t('complaints.sampling.title')}
      style={{ marginBottom: 12 }}
      extra={
        rule.data &&
        !editing &&
        hasRole(['cs_manager']) && (
          <Button size="small" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        )
      }
    >
      {rule.isLoading ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : rule.isError ? (
        <ActionError error={rule.error} />
      ) : editing ? (
        <>
          <ActionError error={error} />
          <Form
            form={form}
            layout="inline"
            initialValues={{
              samplePercent: Number(rule.data!.samplePercent),
              onsitePercent: Number(rule.data!.onsitePercent),
              seriousAlways: rule.data!.seriousAlways,
            }}
            onFinish={(v) => void submit(v)}
          >
            <Form.Item name="samplePercent" label={t('complaints.sampling.samplePercent')} rules={[{ required: true }]}>
              <InputNumber min={10} max={100} precision={2} addonAfter="%" />
            </Form.Item>
            <Form.Item name="onsitePercent" label={t('complaints.sampling.onsitePercent')} rules={[{ required: true }]}>
              <InputNumber min={30} max={100} precision={2} addonAfter="%" />
            </Form.Item>
            <Form.Item name="seriousAlways" label={t('complaints.sampling.seriousAlways')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Flex gap={8}>
              <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Flex>
          </Form>
        </>
      ) : (
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('complaints.sampling.samplePercent')}>{rule.data!.samplePercent} %</Descriptions.Item>
          <Descriptions.Item label={t('complaints.sampling.onsitePercent')}>{rule.data!.onsitePercent} %</Descriptions.Item>
          <Descriptions.Item label={t('complaints.sampling.seriousAlways')}>
            {rule.data!.seriousAlways ? t('common.yes') : t('common.no')}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
