import ExcelJS from 'exceljs';
import type { KeyCount, MonthlyComplaintReport, QuarterlyComplaintReport, UnitCompensation, UnitCount } from './complaint-reports.dto';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Cell = string | number | null;

/** One table of a report: a CSV section, an XLSX sheet. */
export interface ReportSheet {
  /** Sheet name (≤ 31 characters, no []:*?/\). */
  name: string;
  headers: string[];
  rows: Cell[][];
}

export const KIND_LABELS: Record<string, string> = { inquiry: '查询', complaint: '投诉', suggestion: '建议', internal: '内部投诉' };
export const SEVERITY_LABELS: Record<string, string> = { general: '一般', batch: '批量', serious: '严重' };
export const CHANNEL_LABELS: Record<string, string> = {
  phone: '电话',
  web: '网站',
  app: '应用',
  email: '电子邮件',
  letter: '信函',
  fax: '传真',
  visit: '来访',
  suggestion_box: '意见箱',
  external: '外部（消协/媒体/监管/法院）',
};

const percent = (rate: number | null): Cell => (rate === null ? null : Math.round(rate * 10_000) / 100);

function keySheet(name: string, labels: Record<string, string>, rows: KeyCount[]): ReportSheet {
  return { name, headers: ['代码', '名称', '数量'], rows: rows.map((r) => [r.key, labels[r.key] ?? r.key, r.count]) };
}

function unitSheet(name: string, rows: UnitCount[]): ReportSheet {
  return { name, headers: ['单位ID', '单位', '数量'], rows: rows.map((r) => [r.unitId, r.unitName, r.count]) };
}

function compensationSheet(name: string, rows: UnitCompensation[]): ReportSheet {
  return {
    name,
    headers: ['单位ID', '责任单位', '涉及案件数', '分摊赔偿金额（元）'],
    rows: rows.map((r) => [r.unitId, r.unitName, r.cases, r.compensation]),
  };
}

export function monthlySheets(report: MonthlyComplaintReport): ReportSheet[] {
  const t = report.totals;
  return [
    {
      name: '概要',
      headers: ['项目', '数值'],
      rows: [
        ['报表', '客诉案件统计表'],
        ['月份', report.month],
        ['单位', report.unit.name],
        ['时区', report.timeZone],
        ['结案数', t.closedCases],
        ['无效投诉数', t.invalidCases],
        ['升级案件数', t.escalatedCases],
        ['超时案件数', t.breachedCases],
        ['按时答复数', t.answeredOnTime],
        ['按时答复率（%）', percent(t.onTimeRate)],
        ['已核定责任案件数', t.casesWithResponsibility],
        ['待审批责任案件数', t.casesPendingApproval],
        ['赔偿金合计（元）', t.compensationTotal],
        ['生成时间', report.generatedAt],
      ],
    },
    keySheet('按类型', KIND_LABELS, report.byKind),
    keySheet('按严重程度', SEVERITY_LABELS, report.bySeverity),
    keySheet('按渠道', CHANNEL_LABELS, report.byChannel),
    unitSheet('按单位', report.byUnit),
    compensationSheet('责任归属', report.responsibilityByUnit),
  ];
}

export function quarterlySheets(report: QuarterlyComplaintReport): ReportSheet[] {
  const t = report.totals;
  return [
    {
      name: '概要',
      headers: ['项目', '数值'],
      rows: [
        ['报表', report.unit.kind === 'hq' ? '公司季度客户服务情况报告' : '平台客户投诉汇总报告'],
        ['季度', report.quarter],
        ['单位', report.unit.name],
        ['时区', report.timeZone],
        ['受理数', t.received],
        ['无效投诉数', t.invalid],
        ['已答复数', t.answered],
        ['未答复数', t.unanswered],
        ['已结案数', t.closed],
        ['升级案件数', t.escalatedCases],
        ['升级次数', t.escalations],
        ['超时数', t.breached],
        ['上报总部数', t.hqReported],
        ['平均答复时长（小时）', report.timeToAnswer.meanHours],
        ['答复时长中位数（小时）', report.timeToAnswer.p50Hours],
        ['答复时长P90（小时）', report.timeToAnswer.p90Hours],
        ['重复投诉客户数', report.repeat.customers],
        ['重复投诉件数', report.repeat.complaints],
        ['已核定赔偿金合计（元）', report.compensation.approvedTotal],
        ['待审批赔偿金合计（元）', report.compensation.pendingTotal],
        ['生成时间', report.generatedAt],
      ],
    },
    keySheet('按类型', KIND_LABELS, report.byKind),
    keySheet('按严重程度', SEVERITY_LABELS, report.bySeverity),
    keySheet('按渠道', CHANNEL_LABELS, report.byChannel),
    unitSheet('按单位', report.byUnit),
    {
      name: 'SLA达标率',
      headers: ['层级', '应考核数', '时限内答复数', '达标率（%）'],
      rows: report.slaByTier.map((r) => [r.tier, r.eligible, r.withinDeadline, percent(r.rate)]),
    },
    {
      name: '重复投诉',
      headers: ['客户', '来电人', '投诉次数'],
      rows: report.repeat.top.map((r) => [r.customerKey, r.callerName, r.count]),
    },
    {
      name: '集中投诉-类别',
      headers: ['类别', '数量', '占比（%）'],
      rows: report.concentration.topCategories.map((r) => [r.key || '（未分类）', r.count, percent(r.share)]),
    },
    {
      name: '集中投诉-单位',
      headers: ['单位ID', '单位', '数量', '占比（%）'],
      rows: report.concentration.topUnits.map((r) => [r.unitId, r.unitName, r.count, percent(r.share)]),
    },
    compensationSheet('赔偿-责任单位', report.compensation.byUnit),
  ];
}

/** A text cell that a spreadsheet would run as a formula is prefixed with `'` (CSV injection). */
function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV with a titled section per table; UTF-8 with a BOM so Excel reads the Chinese headers. */
export function toCsv(sheets: ReportSheet[]): Buffer {
  const lines: string[] = [];
  for (const sheet of sheets) {
    if (lines.length > 0) lines.push('');
    lines.push(csvCell(`【${sheet.name}】`));
    lines.push(sheet.headers.map(csvCell).join(','));
    for (const row of sheet.rows) lines.push(row.map(csvCell).join(','));
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One worksheet per table, bold header row, sensible widths. */
export async function toXlsx(sheets: ReportSheet[], title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Customer Service System';
  workbook.title = title;
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
    ws.addRow(sheet.headers).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map((v) => (v === null ? null : v)));
    ws.columns.forEach((column, i) => {
      const longest = Math.max(sheet.headers[i]?.length ?? 0, ...sheet.rows.map((r) => String(r[i] ?? '').length));
      column.width = Math.min(60, Math.max(10, longest * 2 + 2));
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `attachment` with an ASCII fallback name and the Chinese name in RFC 5987 form. */
export function contentDisposition(asciiName: string, displayName: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(displayName)}`;
}
