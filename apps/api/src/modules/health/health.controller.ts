import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../common/access.decorator';

export class HealthResponse {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

export class ReadinessResponse {
  @ApiProperty({ enum: ['ready', 'not_ready'] }) status!: 'ready' | 'not_ready';
  @ApiProperty({ enum: ['up', 'down'] }) database!: 'up' | 'down';
  @ApiProperty({ enum: ['applied', 'pending', 'unknown'] }) migrations!: 'applied' | 'pending' | 'unknown';
}

/** A database that does not answer SELECT 1 within this is reported down (it may hang rather than refuse). */
export const READINESS_TIMEOUT_MS = 2_000;

function answerWithin<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // a late failure after the timeout is not unhandled
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  /** Once seen applied, migrations stay applied for the life of the process. */
  private migrationsApplied = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  getHealth(): HealthResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers and every migration is applied (503 otherwise)' })
  async getReadiness(@Res({ passthrough: true }) response: Response): Promise<ReadinessResponse> {
    let database: ReadinessResponse['database'] = 'down';
    let migrations: ReadinessResponse['migrations'] = 'unknown';
    try {
      await answerWithin(this.dataSource.query('SELECT 1'), READINESS_TIMEOUT_MS);
      database = 'up';
      if (!this.migrationsApplied) this.migrationsApplied = !(await this.dataSource.showMigrations());
      migrations = this.migrationsApplied ? 'applied' : 'pending';
    } catch {
      // reported as down below
    }
    const ready = database === 'up' && migrations === 'applied';
    if (!ready) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      response.setHeader('Retry-After', '5');
    }
    return { status: ready ? 'ready' : 'not_ready', database, migrations };
  }
}
