import { PlusOutlined, RocketOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { useCursorList } from '../../api/query';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { OrgUnitSelect } from '../../components/OrgUnitSelect';
import { PageHeader } from '../../components/PageHeader';
import { useBusinessTime } from '../../i18n/time';
import { type PopulationPreview, SURVEY_CHANNELS, type SurveyCampaign, type SurveyChannel, type SurveyTemplate } from './api';
import { SURVEY_DESIGNERS } from './TemplatesPage';

const CAMPAIGNS_KEY = ['surveys', 'campaigns'] as const;
const GRADES = ['A', 'B', 'C', 'D'];
const CUSTOMER_KINDS = ['long_term', 'large_occasional', 'potential_large'] as const;

interface WizardValues {
  name: string;
  templateId: string;
  channel: SurveyChannel;
  period: [Dayjs, Dayjs];
  coverage: number;
  satisfaction: number;
  source: 'customers' | 'complaints';
  unitIds?: string[];
  grades?: string[];
  kinds?: string[];
  closed?: [Dayjs, Dayjs];
}

type Population = {
  unitIds?: string[];
  grades?: string[];
  kinds?: string[];
  complaintsClosedFrom?: string;
  complaintsClosedTo?: string;
};

function populationOf(v: Partial<WizardValues>): Population | null {
  const population: Population = {};
  if (v.unitIds?.length) population.unitIds = v.unitIds;
  if (v.source === 'complaints') {
    if (!v.closed?.[0] || !v.closed[1]) return null;
    population.complaintsClosedFrom = v.closed[0].startOf('day').toISOString();
    population.complaintsClosedTo = v.closed[1].add(1, 'day').startOf('day').toISOString();
  } else {
    if (v.grades?.length) population.grades = v.grades;
    if (v.kinds?.length) population.kinds = v.kinds;
  }
  return population;
}

function PopulationPreviewCard({ population }: { population: Population | null }) {
  const { t } = useTranslation();
  const preview = useQuery({
    queryKey: ['surveys', 'population-preview', population],
    enabled: population !== null,
    queryFn: () =>
      unwrap<PopulationPreview>(api.POST('/api/v1/survey-campaigns/population-preview', { body: { population: population! } })),
  });
  if (population === null) return null;
  if (preview.isPending) return <Spin />;
  if (preview.isError) return <ErrorAlert error={preview.error} />;
  return (
    <div data-testid="population-preview">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {preview.data.total > 0 ? t('surveys.campaigns.previewTotal', { count: preview.data.total }) : t('surveys.campaigns.previewNone')}
      </Typography.Title>
      {preview.data.byUnit.length > 0 && (
        <Table
          size="small"
          rowKey="unitId"
          pagination={false}
          dataSource={preview.data.byUnit}
          columns={[
            { title: t('surveys.dashboard.unit'), dataIndex: 'unitName' },
            { title: t('surveys.campaigns.invitations'), dataIndex: 'count', width: 100 },
          ]}
        />
      )}
    </div>
  );
}

function CampaignWizard({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [form] = Form.useForm<WizardValues>();
  const values = Form.useWatch([], { form, preserve: true }) as Partial<WizardValues> | undefined;
  const [idempotencyKey] = useState(newIdempotencyKey);
  const templates = useQuery({
    queryKey: ['surveys', 'templates', 'options'],
    queryFn: () => unwrap(api.GET('/api/v1/survey-templates', { params: { query: { limit: 200 } } })),
  });

  const save = useMutation({
    mutationFn: async (launch: boolean) => {
      const v = form.getFieldsValue(true) as WizardValues;
      const created = await unwrap<SurveyCampaign>(
        api.POST('/api/v1/survey-campaigns', {
          headers: { 'Idempotency-Key': idempotencyKey },
          body: {
            name: v.name,
            templateId: v.templateId,
            channel: v.channel,
            population: populationOf(v) ?? {},
            startsAt: v.period[0].toISOString(),
            endsAt: v.period[1].toISOString(),
            targets: { coverage: v.coverage, satisfaction: v.satisfaction },
          },
        }),
      );
      if (!launch) return created;
      return unwrap<SurveyCampaign>(
        api.POST('/api/v1/survey-campaigns/{id}/launch', { params: { path: { id: created.id } }, body: { version: created.version } }),
      );
    },
    onSuccess: async (campaign) => {
      await queryClient.invalidateQueries({ queryKey: CAMPAIGNS_KEY });
      void message.success(
        campaign.status === 'launched'
          ? t('surveys.campaigns.launched', { count: campaign.invitationCount })
          : t('surveys.campaigns.created'),
      );
      form.resetFields();
      setStep(0);
      onClose();
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });

  const next = async () => {
    const fields: (keyof WizardValues)[][] = [
      ['name', 'templateId', 'channel', 'period', 'coverage', 'satisfaction'],
      ['source', 'unitIds', 'grades', 'kinds', 'closed'],
    ];
    await form.validateFields(fields[step]!.map((f) => [f]));
    setStep((s) => s + 1);
  };
  const current = values ?? {};
  const template = templates.data?.items.find((tp) => tp.id === current.templateId);

  return (
    <Modal
      open={open}
      onCancel={onClose}
      width={760}
      title={t('surveys.campaigns.create')}
      footer={
        <Flex justify="space-between">
          <Button disabled={step === 0} onClick={() => setStep((s) => s - 1)}>
            {t('surveys.campaigns.back')}
          </Button>
          <Space>
            {step < 2 ? (
              <Button type="primary" onClick={() => void next()} data-testid="wizard-next">
                {t('surveys.campaigns.next')}
              </Button>
            ) : (
              <>
                <Button onClick={() => save.mutate(false)} loading={save.isPending && save.variables === false}>
                  {t('surveys.campaigns.saveDraft')}
                </Button>
                <Button
                  type="primary"
                  icon={<RocketOutlined />}
                  onClick={() => save.mutate(true)}
                  loading={save.isPending && save.variables === true}
                  data-testid="wizard-launch"
                >
                  {t('surveys.campaigns.saveAndLaunch')}
                </Button>
              </>
            )}
          </Space>
        </Flex>
      }
      destroyOnHidden
    >
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 16 }}
        items={[
          { title: t('surveys.campaigns.stepBasics') },
          { title: t('surveys.campaigns.stepPopulation') },
          { title: t('surveys.campaigns.stepConfirm') },
        ]}
      />
      <Form
        form={form}
        name="campaign"
        layout="vertical"
        preserve
        initialValues={{ channel: 'phone', coverage: 95, satisfaction: 95, source: 'customers', period: [dayjs(), dayjs().add(30, 'day')] }}
      >
        <div style={{ display: step === 0 ? 'block' : 'none' }}>
          <Form.Item name="name" label={t('surveys.campaigns.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={120} />
          </Form.Item>
          <Form.Item name="templateId" label={t('surveys.campaigns.template')} rules={[{ required: true }]}>
            <Select
              loading={templates.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              options={(templates.data?.items ?? []).map((tp: SurveyTemplate) => ({
                value: tp.id,
                label: `${tp.name} · v${tp.versionNo}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="channel" label={t('surveys.campaigns.channel')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={SURVEY_CHANNELS.map((c) => ({ value: c, label: t(`surveys.channels.${c}`) }))} />
          </Form.Item>
          <Form.Item name="period" label={t('surveys.campaigns.period')} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Space size="large">
            <Form.Item name="coverage" label={t('surveys.campaigns.targetCoverage')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} precision={2} />
            </Form.Item>
            <Form.Item name="satisfaction" label={t('surveys.campaigns.targetSatisfaction')} rules={[{ required: true }]}>
              <InputNumber min={0} max={100} precision={2} />
            </Form.Item>
          </Space>
        </div>
        <div style={{ display: step === 1 ? 'block' : 'none' }}>
          <Form.Item name="source" label={t('surveys.campaigns.source')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'customers', label: t('surveys.campaigns.sourceCustomers') },
                { value: 'complaints', label: t('surveys.campaigns.sourceComplaints') },
              ]}
            />
          </Form.Item>
          <Form.Item name="unitIds" label={t('surveys.campaigns.units')} tooltip={t('surveys.campaigns.unitsHint')}>
            <UnitMultiSelect />
          </Form.Item>
          {current.source === 'complaints' ? (
            <Form.Item name="closed" label={t('surveys.campaigns.closedBetween')} rules={[{ required: step === 1 }]}>
              <DatePicker.RangePicker />
            </Form.Item>
          ) : (
            <Space size="large" wrap>
              <Form.Item name="grades" label={t('surveys.campaigns.grades')}>
                <Select mode="multiple" style={{ minWidth: 200 }} options={GRADES.map((g) => ({ value: g, label: g }))} />
              </Form.Item>
              <Form.Item name="kinds" label={t('surveys.campaigns.kinds')}>
                <Select
                  mode="multiple"
                  style={{ minWidth: 260 }}
                  options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`surveys.campaigns.customerKinds.${k}`) }))}
                />
              </Form.Item>
            </Space>
          )}
          {step === 1 && <PopulationPreviewCard population={populationOf(current)} />}
        </div>
        {step === 2 && (
          <>
            <Descriptions column={1} size="small" bordered style={{ marginBottom: 12 }}>
              <Descriptions.Item label={t('surveys.campaigns.name')}>{current.name}</Descriptions.Item>
              <Descriptions.Item label={t('surveys.campaigns.template')}>
                {template ? `${template.name} · v${template.versionNo}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('surveys.campaigns.channel')}>
                {current.channel ? t(`surveys.channels.${current.channel}`) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('surveys.campaigns.period')}>
                {current.period ? `${current.period[0].format('YYYY-MM-DD HH:mm')} ~ ${current.period[1].format('YYYY-MM-DD HH:mm')}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('surveys.campaigns.targets')}>
                {t('surveys.dashboard.coverage')} {current.coverage}% · {t('surveys.dashboard.satisfaction')} {current.satisfaction}%
              </Descriptions.Item>
            </Descriptions>
            <PopulationPreviewCard population={populationOf(current)} />
          </>
        )}
      </Form>
    </Modal>
  );
}

/** Several units from the org tree (the population's `unitIds`). */
function UnitMultiSelect({ value, onChange, id }: { value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const { t } = useTranslation();
  return (
    <Space.Compact style={{ width: '100%' }}>
      <OrgUnitSelect
        id={id}
        value={undefined}
        placeholder={t('surveys.campaigns.unitsHint')}
        onChange={(unitId) => {
          if (unitId && !(value ?? []).includes(unitId)) onChange?.([...(value ?? []), unitId]);
        }}
        style={{ width: 260 }}
      />
      <Select
        mode="multiple"
        open={false}
        value={value ?? []}
        onChange={(v: string[]) => onChange?.(v)}
        style={{ flex: 1 }}
        options={(value ?? []).map((id) => ({ value: id, label: <UnitName id={id} /> }))}
      />
    </Space.Compact>
  );
}

function UnitName({ id }: { id: string }) {
  const unit = useQuery({
    queryKey: ['org-unit', id],
    queryFn: () => unwrap(api.GET('/api/v1/org-units/{id}', { params: { path: { id } } })),
  });
  return <>{unit.data?.name ?? '…'}</>;
}

export default function CampaignsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { hasRole } = useAuth();
  const { dateTime } = useBusinessTime();
  const canDesign = hasRole([...SURVEY_DESIGNERS]);
  const [wizard, setWizard] = useState(false);
  const list = useCursorList<SurveyCampaign>([...CAMPAIGNS_KEY], (cursor) =>
    unwrap(api.GET('/api/v1/survey-campaigns', { params: { query: cursor ? { cursor } : {} } })),
  );
  const launch = useMutation({
    mutationFn: (c: SurveyCampaign) =>
      unwrap<SurveyCampaign>(
        api.POST('/api/v1/survey-campaigns/{id}/launch', { params: { path: { id: c.id } }, body: { version: c.version } }),
      ),
    onSuccess: async (c) => {
      await queryClient.invalidateQueries({ queryKey: CAMPAIGNS_KEY });
      void message.success(t('surveys.campaigns.launched', { count: c.invitationCount }));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });

  return (
    <>
      <PageHeader
        title={t('surveys.campaigns.title')}
        extra={
          canDesign && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setWizard(true)} data-testid="campaign-create">
              {t('surveys.campaigns.create')}
            </Button>
          )
        }
      />
      {list.isError && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} />}
      {launch.isError && <Alert type="error" title={errorMessage(launch.error, t)} style={{ marginBottom: 12 }} />}
      <Table<SurveyCampaign>
        rowKey="id"
        data-testid="campaigns-table"
        loading={list.isPending}
        dataSource={list.items}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty description={t('surveys.campaigns.empty')} /> }}
        columns={[
          { title: t('surveys.campaigns.name'), dataIndex: 'name' },
          {
            title: t('surveys.campaigns.kind'),
            dataIndex: 'kind',
            width: 110,
            render: (k: SurveyCampaign['kind']) => t(`surveys.campaigns.kinds_.${k}`),
          },
          {
            title: t('surveys.campaigns.channel'),
            dataIndex: 'channel',
            width: 80,
            render: (c: SurveyChannel) => t(`surveys.channels.${c}`),
          },
          {
            title: t('surveys.campaigns.period'),
            key: 'period',
            width: 300,
            render: (_, c) => `${dateTime(c.startsAt)} ~ ${dateTime(c.endsAt)}`,
          },
          {
            title: t('surveys.campaigns.status'),
            dataIndex: 'status',
            width: 90,
            render: (s: SurveyCampaign['status']) => (
              <Tag color={s === 'launched' ? 'green' : 'default'}>{t(`surveys.campaignStatuses.${s}`)}</Tag>
            ),
          },
          { title: t('surveys.campaigns.invitations'), dataIndex: 'invitationCount', width: 90 },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_, c) => (
              <Space>
                {c.status === 'draft' && canDesign && (
                  <Popconfirm title={t('surveys.campaigns.launchConfirm')} onConfirm={() => launch.mutate(c)}>
                    <Button size="small" type="primary" loading={launch.isPending && launch.variables?.id === c.id}>
                      {t('surveys.campaigns.launch')}
                    </Button>
                  </Popconfirm>
                )}
                {c.status === 'launched' && (
                  <Button size="small" onClick={() => void navigate(`/surveys/dashboard?campaignId=${c.id}`)}>
                    {t('surveys.campaigns.metrics')}
                  </Button>
                )}
              </Space>
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
      <CampaignWizard open={wizard} onClose={() => setWizard(false)} />
    </>
  );
}
