import { randomUUID } from 'node:crypto';
import {
  CUSTOMER_GRADES,
  CUSTOMER_KINDS,
  type CustomerGrade,
  type CustomerKind,
  isHqFiled,
  isValidLocalDate,
  monthKey,
  normalizePhone,
  parseYuanToFen,
  SHIPMENT_FREQUENCIES,
  type ShipmentFrequency,
} from '@cs/domain';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { type Actor, actorLabel } from '../../common/actor';
import { AppError, invalidInput, ruleViolated } from '../../common/errors';
import { currentRequestId } from '../../common/request-context';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { parseCsv } from './csv';
import {
  CONFIDENTIALITY_LEVELS,
  type Confidentiality,
  type CustomerResponse,
  type ImportResult,
  type ImportRowError,
  YUAN_PATTERN,
} from './customer.dto';

/** Columns of the import and export files, in order (the export can be imported back). */
export const IMPORT_COLUMNS = [
  'name',
  'kind',
  'owningUnit',
  'address',
  'phones',
  'monthlyShipmentVolume',
  'shipmentFrequency',
  'annualBusinessVolume',
  'grade',
  'gradeReason',
  'confidentiality',
  'suggestions',
  'projectDeliveredOn',
] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED_COLUMNS: ImportColumn[] = ['name', 'kind', 'owningUnit', 'shipmentFrequency', 'annualBusinessVolume'];
export const MAX_IMPORT_ROWS = 20_000;
/** Errors reported at most (a file with more still imports nothing). */
export const MAX_REPORTED_ERRORS = 500;
/** Phones inside one cell are separated by `;` (commas would clash with CSV). */
export const PHONE_SEPARATOR = ';';

export type ImportFormat = 'csv' | 'xlsx';

interface ValidRow {
  id: string;
  row: number;
  name: string;
  kind: CustomerKind;
  unitId: string;
  address: string | null;
  phones: string[];
  normalizedPhones: string[];
  monthly: number;
  frequency: ShipmentFrequency;
  annual: string;
  grade: CustomerGrade | null;
  gradeReason: string | null;
  confidentiality: Confidentiality;
  suggestions: string | null;
  projectDeliveredOn: string | null;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

/**
 * CSV/XLSX import of customer archives: every row is validated first; one bad row imports nothing
 * and every error is reported with its row and field. Valid files go in with set-based inserts in
 * one transaction (10,000 rows in about a second).
 */
@Injectable()
export class CustomerImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  async readSheet(file: Buffer, format: ImportFormat): Promise<string[][]> {
    const workbook = new ExcelJS.Workbook();
    let sheet: ExcelJS.Worksheet | undefined;
    try {
      if (format === 'csv') {
        return parseCsv(file.toString('utf8')).map((cells) => cells.map((c) => c.trim()));
      } else {
        await workbook.xlsx.load(file as unknown as ArrayBuffer);
        sheet = workbook.worksheets[0];
      }
    } catch (error) {
      throw invalidInput('file', `could not be read as ${format.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!sheet) throw invalidInput('file', 'has no worksheet');
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows[rowNumber - 1] = values.map((v) => cellText(v as ExcelJS.CellValue).trim());
    });
    return Array.from({ length: rows.length }, (_, i) => rows[i] ?? []);
  }

  async run(actor: Actor, file: Buffer, format: ImportFormat, dryRun: boolean): Promise<ImportResult> {
    const started = Date.now();
    if (file.length === 0) throw invalidInput('file', 'is empty');
    const sheet = await this.readSheet(file, format);
    const header = (sheet[0] ?? []).map((h) => h.trim());
    const errors: ImportRowError[] = [];
    const columnIndex = new Map<ImportColumn, number>();
    header.forEach((h, i) => {
      const column = IMPORT_COLUMNS.find((c) => c.toLowerCase() === h.toLowerCase());
      if (column) columnIndex.set(column, i);
      else if (h !== '') errors.push({ row: 1, field: h, problem: `is not a known column (known: ${IMPORT_COLUMNS.join(', ')})` });
    });
    for (const required of REQUIRED_COLUMNS) {
      if (!columnIndex.has(required)) errors.push({ row: 1, field: required, problem: 'column is missing' });
    }
    if (errors.length > 0) return this.rejectOrReport(dryRun, 0, 0, errors, started);

    const dataRows = sheet
      .slice(1)
      .map((cells, i) => ({ row: i + 2, cells }))
      .filter((r) => r.cells.some((c) => c !== ''));
    if (dataRows.length === 0) throw invalidInput('file', 'has no data rows');
    if (dataRows.length > MAX_IMPORT_ROWS) {
      throw new AppError('payload_too_large', `At most ${MAX_IMPORT_ROWS} rows can be imported at once; this file has ${dataRows.length}`);
    }

    const units = (await this.dataSource.query(`SELECT id, code FROM org_unit WHERE path LIKE $1`, [`${actor.orgUnitPath}%`])) as {
      id: string;
      code: string | null;
    }[];
    const unitByKey = new Map<string, string>();
    for (const u of units) {
      unitByKey.set(u.id.toLowerCase(), u.id);
      if (u.code) unitByKey.set(u.code.toLowerCase(), u.id);
    }

    const valid: ValidRow[] = [];
    const seen = new Map<string, number>();
    for (const { row, cells } of dataRows) {
      const get = (c: ImportColumn): string => {
        const i = columnIndex.get(c);
        return i === undefined ? '' : (cells[i] ?? '');
      };
      const fail = (field: ImportColumn, problem: string): void => {
        errors.push({ row, field, problem });
      };
      const before = errors.length;
      const name = get('name');
      if (!name) fail('name', 'is required');
      else if (name.length > 200) fail('name', 'is longer than 200 characters');
      const kind = get('kind');
      if (!(CUSTOMER_KINDS as readonly string[]).includes(kind)) fail('kind', `must be one of ${CUSTOMER_KINDS.join(', ')}`);
      const unitKey = get('owningUnit');
      const unitId = unitByKey.get(unitKey.toLowerCase());
      if (!unitKey) fail('owningUnit', 'is required');
      else if (!unitId) fail('owningUnit', `"${unitKey}" is not the code or id of a unit in your scope`);
      const address = get('address');
      if (address.length > 500) fail('address', 'is longer than 500 characters');
      const phones = get('phones')
        .split(PHONE_SEPARATOR)
        .map((p) => p.trim())
        .filter((p) => p !== '');
      const normalizedPhones = new Set<string>();
      for (const phone of phones) {
        const n = phone.length <= 40 ? normalizePhone(phone) : null;
        if (n) normalizedPhones.add(n);
        else fail('phones', `"${phone}" is not a phone number`);
      }
      if (phones.length > 10) fail('phones', 'has more than 10 numbers');
      const monthlyText = get('monthlyShipmentVolume') || '0';
      if (!/^\d{1,9}$/.test(monthlyText)) fail('monthlyShipmentVolume', 'must be a whole number ≥ 0');
      const frequency = get('shipmentFrequency');
      if (!(SHIPMENT_FREQUENCIES as readonly string[]).includes(frequency)) {
        fail('shipmentFrequency', `must be one of ${SHIPMENT_FREQUENCIES.join(', ')}`);
      }
      const annual = get('annualBusinessVolume');
      if (!YUAN_PATTERN.test(annual)) fail('annualBusinessVolume', 'must be a yuan amount like "1250000.00"');
      const grade = get('grade');
      if (grade && !(CUSTOMER_GRADES as readonly string[]).includes(grade)) fail('grade', 'must be A, B, C or D');
      const gradeReason = get('gradeReason');
      const confidentiality = get('confidentiality') || 'secret';
      if (!(CONFIDENTIALITY_LEVELS as readonly string[]).includes(confidentiality)) {
        fail('confidentiality', `must be one of ${CONFIDENTIALITY_LEVELS.join(', ')}`);
      }
      const suggestions = get('suggestions');
      if (suggestions.length > 4000) fail('suggestions', 'is longer than 4000 characters');
      const delivered = get('projectDeliveredOn');
      if (delivered && !(/^\d{4}-\d{2}-\d{2}$/.test(delivered) && isValidLocalDate(delivered))) {
        fail('projectDeliveredOn', 'must be a date like 2026-03-31');
      }
      if (name && unitId) {
        const key = `${unitId}|${name.toLowerCase()}`;
        const first = seen.get(key);
        if (first !== undefined) fail('name', `duplicates row ${first} (same name and owning unit)`);
        else seen.set(key, row);
      }
      if (errors.length === before) {
        valid.push({
          id: randomUUID(),
          row,
          name,
          kind: kind as CustomerKind,
          unitId: unitId!,
          address: address || null,
          phones,
          normalizedPhones: [...normalizedPhones],
          monthly: Number(monthlyText),
          frequency: frequency as ShipmentFrequency,
          annual,
          grade: (grade || null) as CustomerGrade | null,
          gradeReason: grade ? gradeReason || 'Set in an imported file' : null,
          confidentiality: confidentiality as Confidentiality,
          suggestions: suggestions || null,
          projectDeliveredOn: delivered || null,
        });
      }
    }

    if (valid.length > 0) {
      const existing = (await this.dataSource.query(
        `SELECT t.row FROM unnest($1::uuid[], $2::text[], $3::int[]) AS t(unit_id, name, row)
         WHERE EXISTS (SELECT 1 FROM customer c WHERE c.owning_unit_id = t.unit_id AND lower(c.name) = lower(t.name))`,
        [valid.map((v) => v.unitId), valid.map((v) => v.name), valid.map((v) => v.row)],
      )) as { row: number }[];
      for (const { row } of existing)
        errors.push({ row, field: 'name', problem: 'the owning unit already has a customer archive with this name' });
    }
    errors.sort((a, b) => a.row - b.row);
    const validRows = dataRows.length - new Set(errors.map((e) => e.row)).size;
    if (errors.length > 0 || dryRun) return this.rejectOrReport(dryRun, dataRows.length, validRows, errors, started);

    await this.insertAll(actor, valid);
    return { dryRun: false, totalRows: dataRows.length, validRows, imported: valid.length, errors: [], durationMs: Date.now() - started };
  }

  private rejectOrReport(dryRun: boolean, totalRows: number, validRows: number, errors: ImportRowError[], started: number): ImportResult {
    const reported = errors.slice(0, MAX_REPORTED_ERRORS);
    if (!dryRun && errors.length > 0) {
      const rows = new Set(errors.map((e) => e.row)).size;
      throw ruleViolated(
        'import_all_or_nothing',
        `${rows} row(s) have errors (${errors.length} problems); nothing was imported. First: row ${errors[0]!.row} ${errors[0]!.field} ${errors[0]!.problem}`,
        reported.map((e) => ({ field: `row ${e.row}: ${e.field}`, problem: e.problem })),
      );
    }
    return { dryRun, totalRows, validRows, imported: 0, errors: reported, durationMs: Date.now() - started };
  }

  /** One transaction, a handful of set-based statements whatever the row count. */
  private async insertAll(actor: Actor, rows: ValidRow[]): Promise<void> {
    const ids = rows.map((r) => r.id);
    const period = monthKey(new Date(), this.config.business.timeZone);
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO customer (id, name, kind, owning_unit_id, address, phones, monthly_shipment_volume, shipment_frequency,
           annual_business_volume, grade, grade_reason, grade_set_by_id, grade_set_by_name, grade_set_at, confidentiality, suggestions, project_delivered_on)
         SELECT t.id, t.name, t.kind, t.unit_id, t.address, string_to_array(t.phones, E'\\x1f'), t.monthly, t.frequency, t.annual::numeric,
                t.grade, t.grade_reason, CASE WHEN t.grade IS NULL THEN NULL ELSE $14::uuid END, CASE WHEN t.grade IS NULL THEN NULL ELSE $15 END,
                CASE WHEN t.grade IS NULL THEN NULL ELSE now() END, t.confidentiality, t.suggestions, t.delivered::date
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::text[], $16::text[])
           AS t(id, name, kind, unit_id, address, phones, monthly, frequency, annual, grade, grade_reason, confidentiality, suggestions, delivered)`,
        [
          ids,
          rows.map((r) => r.name),
          rows.map((r) => r.kind),
          rows.map((r) => r.unitId),
          rows.map((r) => r.address),
          rows.map((r) => r.phones.join('\x1f')),
          rows.map((r) => r.monthly),
          rows.map((r) => r.frequency),
          rows.map((r) => r.annual),
          rows.map((r) => r.grade),
          rows.map((r) => r.gradeReason),
          rows.map((r) => r.confidentiality),
          rows.map((r) => r.suggestions),
          actor.kind === 'user' ? actor.id : null,
          actorLabel(actor),
          rows.map((r) => r.projectDeliveredOn),
        ],
      );
      const phoneOwners: string[] = [];
      const phones: string[] = [];
      for (const r of rows) {
        for (const p of r.normalizedPhones) {
          phoneOwners.push(r.id);
          phones.push(p);
        }
      }
      if (phones.length > 0) {
        await m.query(`INSERT INTO customer_phone (customer_id, phone) SELECT * FROM unnest($1::uuid[], $2::varchar[])`, [
          phoneOwners,
          phones,
        ]);
      }
      await m.query(
        `INSERT INTO customer_volume (customer_id, period, annual_business_volume, monthly_shipment_volume)
         SELECT id, $2, annual_business_volume, monthly_shipment_volume FROM customer WHERE id = ANY($1::uuid[])`,
        [ids, period],
      );
      // The audit trail gets one row per archive (and one per HQ filing), written set-based as well.
      const auditActor = [
        actor.kind,
        actor.kind === 'user' || actor.kind === 'api_key' ? actor.id : null,
        actorLabel(actor),
        currentRequestId(),
      ];
      await m.query(
        `INSERT INTO audit_log (actor_type, actor_id, actor_name, action, entity_type, entity_id, org_unit_id, after, request_id)
         SELECT $2, $3::uuid, $4, 'customer.created', 'customer', c.id::text, c.owning_unit_id,
                jsonb_build_object('source', 'import', 'name', c.name, 'kind', c.kind, 'owningUnitId', c.owning_unit_id,
                  'annualBusinessVolume', c.annual_business_volume::text, 'hqFiled', c.hq_filed, 'grade', c.grade, 'confidentiality', c.confidentiality),
                $5
         FROM customer c WHERE c.id = ANY($1::uuid[])
         UNION ALL
         SELECT $2, $3::uuid, $4, 'customer.hq_filed', 'customer', c.id::text, c.owning_unit_id,
                jsonb_build_object('hqFiled', true, 'annualBusinessVolume', c.annual_business_volume::text, 'threshold', '1000000.00'), $5
         FROM customer c WHERE c.id = ANY($1::uuid[]) AND c.hq_filed`,
        [ids, ...auditActor],
      );
      const filed = rows.filter((r) => isHqFiled(parseYuanToFen(r.annual))).length;
      await this.audit.record(m, actor, {
        action: 'customer.imported',
        entityType: 'customer_import',
        entityId: null,
        orgUnitId: actor.orgUnitId,
        after: { imported: rows.length, hqFiled: filed },
      });
      if (filed > 0) {
        const hq = (await m.query(`SELECT id FROM org_unit WHERE kind = 'hq' LIMIT 1`)) as { id: string }[];
        if (hq[0]) {
          await this.notifications.notifyRoleInUnit(m, hq[0].id, ['cs_manager'], {
            kind: 'customer.hq_filed',
            title: `${filed} imported customer(s) are filed with HQ (annual business ≥ 1,000,000 yuan)`,
            entityType: 'customer_import',
          });
        }
      }
    });
  }
}

/** The export file: same columns as the import (masked fields come out empty). */
export async function buildExport(
  rows: { customer: CustomerResponse; owningUnitCode: string | null }[],
  format: ImportFormat,
): Promise<Buffer> {
  const records = rows.map(({ customer: c, owningUnitCode }) => [
    c.name,
    c.kind,
    owningUnitCode ?? c.owningUnitId,
    c.address ?? '',
    c.phones.join(PHONE_SEPARATOR),
    String(c.monthlyShipmentVolume),
    c.shipmentFrequency,
    c.annualBusinessVolume,
    c.grade ?? '',
    c.gradeReason ?? '',
    c.confidentiality,
    c.suggestions ?? '',
    c.projectDeliveredOn ?? '',
  ]);
  if (format === 'csv') {
    // Quote every field; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula.
    const quote = (v: string): string => `"${(/^[=+\-@]/.test(v) && !/^[+-]?\d/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"`;
    const lines = [IMPORT_COLUMNS.join(','), ...records.map((r) => r.map(quote).join(','))];
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('customers');
  sheet.addRow([...IMPORT_COLUMNS]);
  sheet.getRow(1).font = { bold: true };
  for (const r of records) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
