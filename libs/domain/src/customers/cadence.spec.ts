import { addMonths, nextVisitDue, reverificationDue, visitCadence } from './cadence';

describe('visit cadence', () => {
  it('visits monthly within the first year after delivery and quarterly afterwards', () => {
    expect(visitCadence('2026-03-01', '2026-11-23')).toBe('monthly');
    expect(visitCadence('2025-11-01', '2026-11-23')).toBe('quarterly');
    expect(visitCadence(null, '2026-11-23')).toBe('quarterly');
  });

  it('is due a cadence after the last visit, or after the archive was opened', () => {
    expect(nextVisitDue({ lastVisitOn: '2026-10-05', openedOn: '2026-01-01', projectDeliveredOn: '2026-06-01', today: '2026-11-23' })).toBe(
      '2026-11-05',
    );
    expect(nextVisitDue({ lastVisitOn: null, openedOn: '2026-01-31', projectDeliveredOn: null, today: '2026-11-23' })).toBe('2026-04-30');
  });

  it('re-verifies archives every quarter', () => {
    expect(reverificationDue('2026-08-23')).toBe('2026-11-23');
  });

  it('clamps month ends and crosses years', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -12)).toBe('2025-01-15');
  });
});
