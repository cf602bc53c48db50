/**
 * Region classes and staffing rules for field staff [000 第三篇 三(二) 3–4].
 */

export type RegionClass = 1 | 2 | 3;

export const FIELD_STAFF_CATEGORIES = ['customer_manager', 'spare_parts', 'technician'] as const;
/** 外派客户经理 / 外派备件管理员 / 外派技术人员 */
export type FieldStaffCategory = (typeof FIELD_STAFF_CATEGORIES)[number];

/** 一类地区: 销量达20万. */
export const CLASS_1_MIN_SALES_UNITS = 200_000;
/** 二类地区: 10~20万; also the floor for class 1 when mainly high-failure models are sold. */
export const CLASS_2_MIN_SALES_UNITS = 100_000;

export interface RegionSales {
  salesUnits: number;
  /** The region sells mainly high-failure-rate models (所销售主要为高故障率机型). */
  highFailureModels: boolean;
}

export function regionClass(sales: RegionSales): RegionClass {
  if (!Number.isFinite(sales.salesUnits) || sales.salesUnits < 0) {
    throw new RangeError(`salesUnits must be a non-negative number, got ${sales.salesUnits}`);
  }
  if (sales.salesUnits >= CLASS_1_MIN_SALES_UNITS) return 1;
  if (sales.salesUnits >= CLASS_2_MIN_SALES_UNITS) return sales.highFailureModels ? 1 : 2;
  return 3;
}

/** A one-stop service point (一站通) does most of the field work, so the region is staffed as class 3. */
export function staffedAsClass(region: RegionSales & { oneStopService: boolean }): RegionClass {
  return region.oneStopService ? 3 : regionClass(region);
}

export interface StaffingRule {
  /** Field staff per region (class 3: per group of adjacent class-3 regions). */
  fieldStaff: 1;
  /** Class 1: a channel assistant (渠道助理) helps the field staff. */
  channelAssistant: boolean;
  /** Class 3: one field staff may cover several adjacent class-3 regions. */
  mayCoverAdjacent: boolean;
}

export function staffingRule(staffedClass: RegionClass): StaffingRule {
  return { fieldStaff: 1, channelAssistant: staffedClass === 1, mayCoverAdjacent: staffedClass === 3 };
}
