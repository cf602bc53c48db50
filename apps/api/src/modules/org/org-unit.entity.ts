import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ORG_UNIT_KINDS = ['hq', 'platform', 'branch', 'sales_office'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

@Entity('org_unit')
export class OrgUnit {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar') name!: string;
  @Column('varchar', { nullable: true }) code!: string | null;
  @Column('varchar') kind!: OrgUnitKind;
  @Column('uuid', { nullable: true }) parentId!: string | null;
  /** `/rootId/…/thisId/`: a unit's data scope is every unit whose path starts with its own. */
  @Column('text') path!: string;
  @Column('smallint') depth!: number;
  @Column('integer') version!: number;
  @Column('timestamptz') createdAt!: Date;
  @Column('timestamptz') updatedAt!: Date;
}
