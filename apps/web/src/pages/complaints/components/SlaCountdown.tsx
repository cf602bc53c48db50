/**
 * Live SLA countdowns. One shared one-second ticker drives every countdown on the screen (a queue
 * of 200 rows does not start 200 timers), through `useSyncExternalStore`.
 */
import { Tag, Tooltip } from 'antd';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useBusinessTime } from '../../../i18n/time';

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The current time in epoch milliseconds, re-rendering every second. */
export function useNow(): number {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => now,
  );
}

/** Less than this before the deadline counts as "at risk" (amber). */
export const AT_RISK_MS = 60 * 60 * 1000;

export type SlaState = 'overdue' | 'at_risk' | 'on_track';

export function slaState(deadlineMs: number, nowMs: number): SlaState {
  const left = deadlineMs - nowMs;
  if (left <= 0) return 'overdue';
  if (left <= AT_RISK_MS) return 'at_risk';
  return 'on_track';
}

export const SLA_COLORS: Record<SlaState, string> = { overdue: 'red', at_risk: 'orange', on_track: 'green' };

/** "1d 02:03:04" (or "02:03:04") of a span in milliseconds, sign dropped. */
export function formatSpan(ms: number, dayUnit: string): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hh = String(Math.floor((total % 86_400) / 3600)).padStart(2, '0');
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const ss = String(total % 60).padStart(2, '0');
  return `${days > 0 ? `${days}${dayUnit} ` : ''}${hh}:${mm}:${ss}`;
}

/**
 * A deadline as a ticking tag: green while more than an hour is left, amber in the last hour, red
 * (with "overdue by") once passed. Without a deadline (answered, closed) it shows a dash.
 */
export function SlaCountdown({ deadline, stopped }: { deadline: string | null | undefined; stopped?: boolean }) {
  const { t } = useTranslation();
  const { dateTime } = useBusinessTime();
  const nowMs = useNow();
  if (!deadline) return <span>{t('common.none')}</span>;
  const deadlineMs = Date.parse(deadline);
  if (stopped) {
    return (
      <Tooltip title={dateTime(deadline)}>
        <Tag>{t('complaints.sla.stopped')}</Tag>
      </Tooltip>
    );
  }
  const state = slaState(deadlineMs, nowMs);
  const span = formatSpan(deadlineMs - nowMs, t('complaints.sla.dayUnit'));
  return (
    <Tooltip title={dateTime(deadline)}>
      <Tag color={SLA_COLORS[state]} data-sla-state={state} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {state === 'overdue' ? t('complaints.sla.overdueBy', { span }) : t('complaints.sla.left', { span })}
      </Tag>
    </Tooltip>
  );
}
