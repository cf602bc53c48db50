import { TimeFormatError } from './time-errors';

/** A wall-clock time written `HH:MM` (24-hour). `24:00` is allowed as the end of a day. */
export type TimeOfDay = string;

const TIME_OF_DAY_PATTERN = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** Minutes since midnight of an `HH:MM` time; `24:00` → 1440. Throws TimeFormatError. */
export function parseTimeOfDay(time: TimeOfDay): number {
  const match = typeof time === 'string' ? TIME_OF_DAY_PATTERN.exec(time) : null;
  const hours = match === null ? Number.NaN : Number(match[1]);
  const minutes = match === null ? Number.NaN : Number(match[2]);
  if (match === null || (hours === 24 && minutes !== 0)) {
    throw new TimeFormatError('invalid_time_of_day', `Expected HH:MM (00:00–24:00), got "${String(time)}"`);
  }
  return hours * 60 + minutes;
}

export function isValidTimeOfDay(time: string): boolean {
  try {
    parseTimeOfDay(time);
    return true;
  } catch {
    return false;
  }
}

/** `HH:MM` for whole minutes since midnight (0..1440). */
export function formatTimeOfDay(minuteOfDay: number): TimeOfDay {
  if (!Number.isInteger(minuteOfDay) || minuteOfDay < 0 || minuteOfDay > 1440) {
    throw new TimeFormatError('invalid_time_of_day', `minuteOfDay must be an integer in 0..1440, got ${minuteOfDay}`);
  }
  const hours = Math.floor(minuteOfDay / 60);
  const minutes = minuteOfDay % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
