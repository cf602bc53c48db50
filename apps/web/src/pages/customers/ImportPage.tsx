import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Result, Spin, Steps, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { describeError } from '../../api/errors';
import { PageHeader } from '../../components/PageHeader';
import type { ImportResult } from './customers-api';

const COLUMNS =
  'name, kind, owningUnit, address, phones, monthlyShipmentVolume, shipmentFrequency, annualBusinessVolume, grade, gradeReason, confidentiality, suggestions, projectDeliveredOn';
const MAX_BYTES = 20 * 1024 * 1024;

type Phase = 'file' | 'checking' | 'checked' | 'importing' | 'done';

function sendFile(file: File, dryRun: boolean) {
  const format = /\.xlsx$/i.test(file.name) ? 'xlsx' : 'csv';
  return unwrap<ImportResult>(
    api.POST('/api/v1/customers/import', {
      params: { query: { dryRun: dryRun ? 'true' : 'false', format } },
      // The file itself is the body (no multipart): the API reads CSV or XLSX by `format`.
      body: file as unknown as string,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'Content-Type': 'application/octet-stream' },
    }),
  );
}

/** Seconds since `running` became true (what the user sees while the server works). */
function useElapsed(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    setSeconds(0);
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 250);
    return () => clearInterval(timer);
  }, [running]);
  return seconds;
}

/** Import wizard: choose a file, dry run (row errors), import in one transaction, result. */
export default function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>('file');
  const [check, setCheck] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const elapsed = useElapsed(phase === 'checking' || phase === 'importing');

  const reset = () => {
    setFile(null);
    setPhase('file');
    setCheck(null);
    setDone(null);
    setError(null);
  };

  const runCheck = async (f: File) => {
    setPhase('checking');
    setError(null);
    try {
      setCheck(await sendFile(f, true));
      setPhase('checked');
    } catch (e) {
      setError(e);
      setPhase('file');
    }
  };

  const runImport = async () => {
    if (!file) return;
    setPhase('importing');
    setError(null);
    try {
      setDone(await sendFile(file, false));
      setPhase('done');
    } catch (e) {
      setError(e);
      setPhase('checked');
    }
  };

  const step = { file: 0, checking: 1, checked: 1, importing: 2, done: 3 }[phase];
  const invalidRows = check ? check.totalRows - check.validRows : 0;
  const described = error ? describeError(error, t) : null;

  return (
    <>
      <PageHeader title={t('customers.importer.title')} />
      <Steps
        current={step}
        style={{ marginBottom: 16 }}
        items={[
          { title: t('customers.importer.steps.file') },
          { title: t('customers.importer.steps.check') },
          { title: t('customers.importer.steps.import') },
          { title: t('customers.importer.steps.done') },
        ]}
      />
      {described && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={described.title} description={described.detail} />}
      {phase === 'done' && done ? (
        <Result
          status="success"
          title={t('customers.importer.done', { count: done.imported, ms: done.durationMs })}
          extra={[
            <Button key="list" type="primary" onClick={() => void navigate('/customers')}>
              {t('customers.importer.toList')}
            </Button>,
            <Button key="again" onClick={reset}>
              {t('customers.importer.again')}
            </Button>,
          ]}
        />
      ) : (
        <Card>
          <Typography.Paragraph>{t('customers.importer.hint')}</Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('customers.importer.columns', { columns: COLUMNS })}
          </Typography.Paragraph>
          <Upload.Dragger
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={phase === 'checking' || phase === 'importing'}
            beforeUpload={(f) => {
              if (f.size > MAX_BYTES) {
                void message.error(t('customers.importer.tooBig'));
                return Upload.LIST_IGNORE;
              }
              setFile(f);
              setCheck(null);
              void runCheck(f);
              return false;
            }}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{file ? file.name : t('customers.importer.choose')}</p>
          </Upload.Dragger>
          {(phase === 'checking' || phase === 'importing') && (
            <Flex gap={12} align="center" style={{ marginTop: 16 }} data-testid="import-progress">
              <Spin />
              <Typography.Text>
                {phase === 'checking' ? t('customers.importer.checking') : t('customers.importer.importing')} {elapsed} s
              </Typography.Text>
            </Flex>
          )}
          {check && phase !== 'checking' && (
            <Flex vertical gap={12} style={{ marginTop: 16 }}>
              <Typography.Text strong data-testid="import-summary">
                {t('customers.importer.summary', { total: check.totalRows, valid: check.validRows, invalid: invalidRows })}
              </Typography.Text>
              {check.errors.length === 0 ? (
                <Alert type="success" showIcon title={t('customers.importer.allValid')} />
              ) : (
                <>
                  <Alert type="warning" showIcon title={t('customers.importer.fixFirst')} />
                  <Table
                    rowKey={(e) => `${e.row}-${e.field}-${e.problem}`}
                    size="small"
                    title={() => t('customers.importer.errorsTitle')}
                    dataSource={check.errors}
                    pagination={{ pageSize: 20, showSizeChanger: false }}
                    locale={{ emptyText: <Empty /> }}
                    data-testid="import-errors"
                    columns={[
                      { title: t('customers.importer.row'), dataIndex: 'row', width: 80 },
                      { title: t('customers.importer.field'), dataIndex: 'field', width: 200 },
                      { title: t('customers.importer.problem'), dataIndex: 'problem' },
                    ]}
                  />
                </>
              )}
              <Flex gap={8}>
                <Button
                  type="primary"
                  disabled={check.errors.length > 0 || check.validRows === 0}
                  loading={phase === 'importing'}
                  onClick={() => void runImport()}
                  data-testid="import-run"
                >
                  {t('customers.importer.import', { count: check.validRows })}
                </Button>
                <Button onClick={reset} disabled={phase === 'importing'}>
                  {t('common.reset')}
                </Button>
              </Flex>
            </Flex>
          )}
        </Card>
      )}
    </>
  );
}
