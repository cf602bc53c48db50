import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../common/actor';
import { assertVersion } from '../../common/version';
import { AuditService } from '../audit/audit.service';
import { SurveyTemplatesService } from './survey-templates.service';
import type { SurveyPolicyResponse, UpdateSurveyPolicyDto } from './survey.dto';
import { SurveyPolicy } from './survey.entities';

function toPolicyResponse(p: SurveyPolicy): SurveyPolicyResponse {
  return {
    postComplaintEnabled: p.postComplaintEnabled,
    postComplaintChannels: p.postComplaintChannels,
    postComplaintKinds: p.postComplaintKinds,
    surveyChannel: p.surveyChannel,
    templateId: p.templateId,
    responseWindowDays: p.responseWindowDays,
    version: p.version,
  };
}

/** The deployment-wide post-complaint survey policy (one row). */
@Injectable()
export class SurveyPolicyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly templates: SurveyTemplatesService,
  ) {}

  async get(): Promise<SurveyPolicyResponse> {
    return toPolicyResponse(await this.dataSource.manager.findOneByOrFail(SurveyPolicy, { id: 1 }));
  }

  async update(actor: Actor, dto: UpdateSurveyPolicyDto): Promise<SurveyPolicyResponse> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT 1 FROM survey_policy WHERE id = 1 FOR UPDATE');
      const policy = await m.findOneByOrFail(SurveyPolicy, { id: 1 });
      assertVersion('Survey policy', policy.version, dto.version);
      const before = toPolicyResponse(policy);
      if (dto.templateId) policy.templateId = (await this.templates.findVisible(actor, dto.templateId, m)).id;
      else if (dto.templateId === null) policy.templateId = null;
      if (dto.postComplaintEnabled !== undefined) policy.postComplaintEnabled = dto.postComplaintEnabled;
      if (dto.postComplaintChannels) policy.postComplaintChannels = [...new Set(dto.postComplaintChannels)];
      if (dto.postComplaintKinds) policy.postComplaintKinds = [...new Set(dto.postComplaintKinds)];
      if (dto.surveyChannel) policy.surveyChannel = dto.surveyChannel;
      if (dto.responseWindowDays !== undefined) policy.responseWindowDays = dto.responseWindowDays;
      policy.version += 1;
      policy.updatedAt = new Date();
      await m.save(SurveyPolicy, policy);
      const after = toPolicyResponse(policy);
      await this.audit.record(m, actor, { action: 'survey_policy.updated', entityType: 'survey_policy', entityId: null, before, after });
      return after;
    });
  }
}
