/**
 * Customer grades A–D are set by people "by nature, scale, sales and trend" [004 第4篇]; this
 * module computes the grade the numbers suggest, shown beside the stored one with its reasons.
 */
export const CUSTOMER_GRADES = ['A', 'B', 'C', 'D'] as const;
export type CustomerGrade = (typeof CUSTOMER_GRADES)[number];

export const SHIPMENT_FREQUENCIES = ['daily', 'weekly', 'monthly', 'occasional'] as const;
export type ShipmentFrequency = (typeof SHIPMENT_FREQUENCIES)[number];

export const CUSTOMER_KINDS = ['long_term', 'large_occasional', 'potential_large'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

/** Annual business at or above this many yuan (in fen) is filed with HQ [000 §6, §8]. */
export const HQ_FILING_THRESHOLD_FEN = 100_000_000n;

export function isHqFiled(annualBusinessFen: bigint): boolean {
  return annualBusinessFen >= HQ_FILING_THRESHOLD_FEN;
}

export interface GradeInputs {
  kind: CustomerKind;
  /** Annual business volume in fen (exact). */
  annualBusinessFen: bigint;
  /** Average shipments per month. */
  monthlyShipmentVolume: number;
  shipmentFrequency: ShipmentFrequency;
  /** Annual business a year earlier in fen, when known (for the trend). */
  previousAnnualBusinessFen: bigint | null;
  /** Complaints about this customer's shipments in the last 12 months. */
  complaintsLast12Months: number;
}

export interface GradeFactor {
  factor: 'volume' | 'frequency' | 'shipments' | 'trend' | 'complaints' | 'kind';
  points: number;
  /** The input the points came from (yuan, frequency, shipments, percent change, complaints, kind); null when unknown. */
  value: string | null;
  /** The same in English words, for logs and API readers. */
  note: string;
}

export interface GradeSuggestion {
  grade: CustomerGrade;
  score: number;
  factors: GradeFactor[];
}

/** Volume bands in yuan → points (scale is the heaviest factor). */
const VOLUME_BANDS: readonly { minYuan: bigint; points: number }[] = [
  { minYuan: 1_000_000n, points: 4 },
  { minYuan: 300_000n, points: 3 },
  { minYuan: 100_000n, points: 2 },
  { minYuan: 20_000n, points: 1 },
];
const FREQUENCY_POINTS: Record<ShipmentFrequency, number> = { daily: 2, weekly: 1.5, monthly: 1, occasional: 0 };
/** Year-on-year change beyond ±10 % counts as a trend. */
export const TREND_THRESHOLD_PERCENT = 10;
/** Score needed for each grade; below the last one is D. */
export const GRADE_THRESHOLDS: readonly { grade: CustomerGrade; minScore: number }[] = [
  { grade: 'A', minScore: 6 },
  { grade: 'B', minScore: 4 },
  { grade: 'C', minScore: 2 },
];

export function suggestGrade(input: GradeInputs): GradeSuggestion {
  const factors: GradeFactor[] = [];
  const yuan = input.annualBusinessFen / 100n;
  const band = VOLUME_BANDS.find((b) => yuan >= b.minYuan);
  factors.push({ factor: 'volume', points: band?.points ?? 0, value: String(yuan), note: `annual business ${yuan} yuan` });
  factors.push({
    factor: 'frequency',
    points: FREQUENCY_POINTS[input.shipmentFrequency],
    value: input.shipmentFrequency,
    note: `ships ${input.shipmentFrequency}`,
  });
  const shipments = Math.max(0, input.monthlyShipmentVolume);
  factors.push({
    factor: 'shipments',
    points: shipments >= 1000 ? 1 : shipments >= 200 ? 0.5 : 0,
    value: String(shipments),
    note: `${shipments} shipments a month`,
  });
  if (input.previousAnnualBusinessFen !== null && input.previousAnnualBusinessFen > 0n) {
    // Integer percent change, exact on bigints.
    const change = Number(((input.annualBusinessFen - input.previousAnnualBusinessFen) * 100n) / input.previousAnnualBusinessFen);
    const points = change >= TREND_THRESHOLD_PERCENT ? 1 : change <= -TREND_THRESHOLD_PERCENT ? -1 : 0;
    factors.push({
      factor: 'trend',
      points,
      value: `${change >= 0 ? '+' : ''}${change}`,
      note: `${change >= 0 ? '+' : ''}${change}% year on year`,
    });
  } else {
    factors.push({ factor: 'trend', points: 0, value: null, note: 'no volume a year ago to compare' });
  }
  const complaints = Math.max(0, input.complaintsLast12Months);
  factors.push({
    factor: 'complaints',
    points: complaints >= 10 ? -2 : complaints >= 3 ? -1 : 0,
    value: String(complaints),
    note: `${complaints} complaints in 12 months`,
  });
  factors.push({ factor: 'kind', points: input.kind === 'long_term' ? 0.5 : 0, value: input.kind, note: input.kind });
  const score = factors.reduce((sum, f) => sum + f.points, 0);
  const grade = GRADE_THRESHOLDS.find((t) => score >= t.minScore)?.grade ?? 'D';
  return { grade, score, factors };
}
