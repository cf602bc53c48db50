/**
 * Date pickers show and return the browser's local time, but agents think in the business time
 * zone (a Beijing deadline is a Beijing deadline on any workstation). These convert between an
 * instant and a picker value holding the business zone's wall-clock time.
 */
import dayjs, { type Dayjs } from 'dayjs';

const WALL = 'YYYY-MM-DDTHH:mm:ss';

/** The picker value that shows `instant` as wall-clock time in `timeZone`. */
export function toWallClock(instant: string | number | Date, timeZone: string): Dayjs {
  return dayjs(dayjs(instant).tz(timeZone).format(WALL));
}

/** The instant (ISO) a picker value means when read as wall-clock time in `timeZone`. */
export function fromWallClock(value: Dayjs, timeZone: string): string {
  return dayjs.tz(value.format(WALL), timeZone).toISOString();
}
