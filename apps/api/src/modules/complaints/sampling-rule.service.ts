import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { assertVersion } from '../../common/version';
import { AuditService } from '../audit/audit.service';
import { type SamplingRuleResponse, toSamplingRuleResponse, type UpdateSamplingRuleDto } from './complaint.dto';
import { ReturnVisitSamplingRule } from './complaint.entity';

@Injectable()
export class SamplingRuleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<SamplingRuleResponse> {
    return toSamplingRuleResponse(await this.dataSource.manager.findOneByOrFail(ReturnVisitSamplingRule, { id: 1 }));
  }

  async update(actor: Actor, dto: UpdateSamplingRuleDto): Promise<SamplingRuleResponse> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT 1 FROM return_visit_sampling_rule WHERE id = 1 FOR UPDATE');
      const rule = await m.findOneByOrFail(ReturnVisitSamplingRule, { id: 1 });
      assertVersion('Sampling rule', rule.version, dto.version);
      const before = toSamplingRuleResponse(rule);
      await m.query(
        `UPDATE return_visit_sampling_rule SET sample_percent = $1, onsite_percent = $2, serious_always = $3, version = version + 1, updated_at = now() WHERE id = 1`,
        [dto.samplePercent ?? rule.samplePercent, dto.onsitePercent ?? rule.onsitePercent, dto.seriousAlways ?? rule.seriousAlways],
      );
      const after = toSamplingRuleResponse(await m.findOneByOrFail(ReturnVisitSamplingRule, { id: 1 }));
      await this.audit.record(m, actor, {
        action: 'return_visit_sampling_rule.updated',
        entityType: 'return_visit_sampling_rule',
        entityId: null,
        before,
        after,
      });
      return after;
    });
  }
}
