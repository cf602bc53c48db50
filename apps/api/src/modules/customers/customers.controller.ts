import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Allow } from '../../common/access.decorator';
import { type Actor, CurrentActor } from '../../common/actor';
import { AppError, invalidInput } from '../../common/errors';
import { Idempotent } from '../../common/idempotency';
import { AccessRequestsService } from './access-requests.service';
import { buildExport, CustomerImportService, type ImportFormat } from './customer-import.service';
import {
  AccessRequestResponse,
  ContactList,
  ContactResponse,
  CreateAccessRequestDto,
  CreateContactDto,
  CreateCustomerDto,
  CustomerDetail,
  CustomerPage,
  CustomerQuery,
  CustomerResponse,
  ExportQuery,
  ImportQuery,
  ImportResult,
  LookupQuery,
  LookupResult,
  UpdateContactDto,
  UpdateCustomerDto,
  VerifyCustomerDto,
  WorkListPage,
  WorkListQuery,
} from './customer.dto';
import { CustomersService } from './customers.service';

/** Largest import file accepted (about 20 MB: far more than 20,000 rows). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The raw request body (the import takes the file itself as the body, not multipart). */
async function readRawBody(req: Request, limit: number): Promise<Buffer> {
  if (Buffer.isBuffer(req.body)) return req.body;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) throw new AppError('payload_too_large', `The file is larger than ${limit / 1024 / 1024} MB`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function importFormat(req: Request, query: ImportQuery): ImportFormat {
  const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === XLSX_MIME) return 'xlsx';
  if (type === 'application/octet-stream' && query.format) return query.format;
  throw invalidInput('Content-Type', `must be text/csv or ${XLSX_MIME} (or application/octet-stream with ?format=csv|xlsx)`);
}

@ApiTags('customers')
@Controller('api/v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly imports: CustomerImportService,
    private readonly accessRequests: AccessRequestsService,
  ) {}

  @Get()
  @Allow({ scope: 'customers:read' })
  @ApiOperation({
    summary: 'List customer archives in your scope (filters: grade, kind, owning unit, HQ filing, confidentiality, q on name or phone)',
  })
  @ApiOkResponse({ type: CustomerPage })
  listCustomers(@CurrentActor() actor: Actor, @Query() query: CustomerQuery): Promise<CustomerPage> {
    return this.customers.list(actor, query);
  }

  @Get('lookup')
  @Allow({ scope: 'customers:read' })
  @ApiOperation({
    summary: 'Find customers by a caller phone (exact match on the normalised number; customer and contact phones) with recent complaints',
  })
  @ApiOkResponse({ type: LookupResult })
  lookupCustomers(@CurrentActor() actor: Actor, @Query() query: LookupQuery): Promise<LookupResult> {
    return this.customers.lookup(actor, query.phone);
  }

  @Get('work-list')
  @Allow({ scope: 'customers:read' })
  @ApiOperation({ summary: 'Archives due a visit (monthly/quarterly cadence) or a quarterly re-verification, most overdue first' })
  @ApiOkResponse({ type: WorkListPage })
  customerWorkList(@CurrentActor() actor: Actor, @Query() query: WorkListQuery): Promise<WorkListPage> {
    return this.customers.workList(actor, query);
  }

  @Get('export')
  @Allow({ roles: ['cs_manager', 'ops_manager'], scope: 'customers:read' })
  @ApiOperation({
    summary: 'Export the customers matching the filters as CSV or XLSX (the same columns the import reads; masked fields empty)',
  })
  @ApiProduces('text/csv', XLSX_MIME)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async exportCustomers(
    @CurrentActor() actor: Actor,
    @Query() query: ExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await buildExport(await this.customers.exportRows(actor, query), query.format);
    const stamp = new Date().toISOString().slice(0, 10);
    res.setHeader('Content-Type', query.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MIME);
    res.setHeader('Content-Disposition', `attachment; filename="customers-${stamp}.${query.format}"`);
    return new StreamableFile(file);
  }

  @Post('import')
  @HttpCode(200)
  @Allow({ roles: ['cs_manager'], scope: 'customers:write' })
  @ApiOperation({
    summary:
      'Import customer archives from a CSV or XLSX file sent as the request body. Every row is validated; one bad row imports nothing (422 with each row and field). `dryRun=true` only reports.',
  })
  @ApiConsumes('text/csv', XLSX_MIME, 'application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The file; header row with the export columns' })
  @ApiOkResponse({ type: ImportResult })
  async importCustomers(@CurrentActor() actor: Actor, @Query() query: ImportQuery, @Req() req: Request): Promise<ImportResult> {
    const format = importFormat(req, query);
    const file = await readRawBody(req, MAX_IMPORT_BYTES);
    return this.imports.run(actor, file, format, query.dryRun === 'true');
  }

  @Get(':id')
  @Allow({ scope: 'customers:read' })
  @ApiOperation({
    summary:
      'Get a customer archive with contacts, volumes, grade suggestion and recent complaints (reads of confidential archives are audited)',
  })
  @ApiOkResponse({ type: CustomerDetail })
  getCustomer(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CustomerDetail> {
    return this.customers.get(actor, id);
  }

  @Post()
  @Idempotent()
  @Allow({ roles: ['agent', 'cs_manager'], scope: 'customers:write' })
  @ApiOperation({ summary: 'Create a customer archive (annual business ≥ 1,000,000 yuan files it with HQ)' })
  @ApiCreatedResponse({ type: CustomerResponse })
  createCustomer(@CurrentActor() actor: Actor, @Body() dto: CreateCustomerDto): Promise<CustomerResponse> {
    return this.customers.create(actor, dto);
  }

  @Patch(':id')
  @Allow({ roles: ['agent', 'cs_manager'], scope: 'customers:write' })
  @ApiOperation({ summary: 'Update a customer archive (send the version you read); setting a grade needs gradeReason' })
  @ApiOkResponse({ type: CustomerResponse })
  updateCustomer(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCustomerDto,
  ): Promise<CustomerResponse> {
    return this.customers.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow({ roles: ['cs_manager'], scope: 'customers:write' })
  @ApiOperation({ summary: 'Delete a customer archive without history (no visits, reports, checks or complaints)' })
  @ApiNoContentResponse()
  deleteCustomer(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.customers.remove(actor, id);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Allow({ roles: ['agent', 'cs_manager'], scope: 'customers:write' })
  @ApiOperation({ summary: 'Confirm the archive is up to date (quarterly re-verification)' })
  @ApiOkResponse({ type: CustomerResponse })
  verifyCustomer(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: VerifyCustomerDto,
  ): Promise<CustomerResponse> {
    return this.customers.verify(actor, id, dto);
  }

  @Get(':id/contacts')
  @Allow({ scope: 'customers:read' })
  @ApiOperation({ summary: "List a customer's contacts (personal fields are always masked in this list)" })
  @ApiOkResponse({ type: ContactList })
  async listCustomerContacts(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ContactList> {
    return { items: await this.customers.listContacts(actor, id) };
  }

  @Get(':id/contacts/:contactId')
  @Allow({ scope: 'customers:read' })
  @ApiOperation({ summary: 'Get one contact; personal fields only with clearance for the archive (masked fields are null and listed)' })
  @ApiOkResponse({ type: ContactResponse })
  getCustomerContact(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('contactId', ParseUUIDPipe) contactId: string,
  ): Promise<ContactResponse> {
    return this.customers.getContact(actor, id, contactId);
  }

  @Post(':id/contacts')
  @Idempotent()
  @Allow({ roles: ['agent', 'cs_manager'], scope: 'customers:write' })
  @ApiOperation({ summary: 'Add a contact (unit contact or principal) to a customer' })
  @ApiCreatedResponse({ type: ContactResponse })
  createCustomerContact(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateContactDto,
  ): Promise<ContactResponse> {
    return this.customers.createContact(actor, id, dto);
  }

  @Patch(':id/contacts/:contactId')
  @Allow({ roles: ['agent', 'cs_manager'], scope: 'customers:write' })
  @ApiOperation({ summary: 'Update a contact (send the version you read); fields you cannot see cannot be changed' })
  @ApiOkResponse({ type: ContactResponse })
  updateCustomerContact(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('contactId', ParseUUIDPipe) contactId: string,
    @Body() dto: UpdateContactDto,
  ): Promise<ContactResponse> {
    return this.customers.updateContact(actor, id, contactId, dto);
  }

  @Delete(':id/contacts/:contactId')
  @HttpCode(204)
  @Allow({ roles: ['agent', 'cs_manager'], scope: 'customers:write' })
  @ApiOperation({ summary: 'Remove a contact' })
  @ApiNoContentResponse()
  deleteCustomerContact(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('contactId', ParseUUIDPipe) contactId: string,
  ): Promise<void> {
    return this.customers.removeContact(actor, id, contactId);
  }

  @Post(':id/access-requests')
  @Idempotent()
  @Allow({ roles: [] })
  @ApiOperation({ summary: "Ask a CS manager for time-limited access to a confidential archive's details" })
  @ApiCreatedResponse({ type: AccessRequestResponse })
  requestCustomerAccess(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateAccessRequestDto,
  ): Promise<AccessRequestResponse> {
    return this.accessRequests.create(actor, id, dto);
  }
}
