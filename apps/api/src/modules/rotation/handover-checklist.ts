/** Default handover (工作交接) checklists; labels in Chinese and English for the console. */
export interface ChecklistEntry {
  key: string;
  label: string;
  done: boolean;
}

const OUTGOING: [string, string][] = [
  ['files', '客户与渠道资料移交 / Customer and channel files handed over'],
  ['stock', '备件与局方故障机库存盘点 / Spare parts and operator faulty-unit stock counted'],
  ['open_work', '未结投诉与待办事项移交 / Open complaints and pending work handed over'],
  ['expenses', '费用结清 / Expenses settled'],
];

const INCOMING: [string, string][] = [
  ['files_received', '资料接收确认 / Files received and checked'],
  ['stock_checked', '库存核对签字 / Stock checked and signed'],
  ['key_visits', '拜访主要渠道与客户 / Key channels and customers visited'],
  ['arrival_report', '到岗报告 / Arrival reported to the channel engineer'],
];

export function defaultChecklist(direction: 'outgoing' | 'incoming'): ChecklistEntry[] {
  return (direction === 'outgoing' ? OUTGOING : INCOMING).map(([key, label]) => ({ key, label, done: false }));
}
