import { Foundation1763900000000 } from './1763900000000-foundation';
import { Complaints1763900100000 } from './1763900100000-complaints';
import { Outbox1763900150000 } from './1763900150000-outbox';
import { ComplaintsSeed1763900150001 } from './1763900150001-complaints-seed';
import { ComplaintReports1763900150100 } from './1763900150100-complaint-reports';
import { Customers1763900200000 } from './1763900200000-customers';
import { Surveys1763900300000 } from './1763900300000-surveys';
import { Appraisal1763900400000 } from './1763900400000-appraisal';
import { Rotation1763900500000 } from './1763900500000-rotation';
import { Webhooks1763900600000 } from './1763900600000-webhooks';
import { SearchIndexes1763900700000 } from './1763900700000-search-indexes';
import { SearchPendingLists1763900750000 } from './1763900750000-search-pending-lists';
import { IntakeNumbers1763900800000 } from './1763900800000-intake-numbers';
import { LeanWrites1763900810000 } from './1763900810000-lean-writes';
import { SurveyTally1763900820000 } from './1763900820000-survey-tally';
import { OutboxClosedIndex1763900830000 } from './1763900830000-outbox-closed-index';
import { ActorChangeNotices1763900840000 } from './1763900840000-actor-change-notices';
import { UpdateRoom1763900850000 } from './1763900850000-update-room';
import { SearchLowercase1763900860000 } from './1763900860000-search-lowercase';
import { SearchStatistics1763900870000 } from './1763900870000-search-statistics';
import { SearchSideTable1763900880000 } from './1763900880000-search-side-table';
import { TimeOrderedEventIds1763900890000 } from './1763900890000-time-ordered-event-ids';
import { ComplaintOutboxCounter1763900900000 } from './1763900900000-complaint-outbox-counter';

/** Applied in this order. Committed migrations are never edited; add a new one instead. */
export const MIGRATIONS = [
  Foundation1763900000000,
  Complaints1763900100000,
  Outbox1763900150000,
  ComplaintsSeed1763900150001,
  ComplaintReports1763900150100,
  Customers1763900200000,
  Surveys1763900300000,
  Appraisal1763900400000,
  Rotation1763900500000,
  Webhooks1763900600000,
  SearchIndexes1763900700000,
  SearchPendingLists1763900750000,
  IntakeNumbers1763900800000,
  LeanWrites1763900810000,
  SurveyTally1763900820000,
  OutboxClosedIndex1763900830000,
  ActorChangeNotices1763900840000,
  UpdateRoom1763900850000,
  SearchLowercase1763900860000,
  SearchStatistics1763900870000,
  SearchSideTable1763900880000,
  TimeOrderedEventIds1763900890000,
  ComplaintOutboxCounter1763900900000,
];
