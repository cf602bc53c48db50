import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const MAC_BYTES = 16;
const ID_BYTES = 16;
/** 16 bytes of invitation id + 16 bytes (128 bits) of HMAC-SHA256 = 43 base64url characters. */
export const SURVEY_TOKEN_LENGTH = 43;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Public survey links. A token is the invitation id followed by 128 bits of HMAC-SHA256 of that
 * id under a server secret: unguessable, never stored (nothing to leak from the invitation
 * table), shown again on the work list, and checked in constant time. Expiry and single use
 * are properties of the invitation and its campaign, checked by the caller.
 */
@Injectable()
export class SurveyLinksService implements OnModuleInit {
  private secret: Buffer = Buffer.alloc(0);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.dataSource.query(`INSERT INTO app_secret (name, value) VALUES ('survey_link', $1) ON CONFLICT (name) DO NOTHING`, [
      randomBytes(32).toString('hex'),
    ]);
    const rows = (await this.dataSource.query(`SELECT value FROM app_secret WHERE name = 'survey_link'`)) as { value: string }[];
    this.secret = Buffer.from(rows[0]!.value, 'hex');
  }

  private mac(idBytes: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(idBytes).digest().subarray(0, MAC_BYTES);
  }

  tokenFor(invitationId: string): string {
    const idBytes = Buffer.from(invitationId.replace(/-/g, ''), 'hex');
    return Buffer.concat([idBytes, this.mac(idBytes)]).toString('base64url');
  }

  /** The invitation id a token stands for, or null when the token is not one of ours. */
  invitationIdOf(token: string): string | null {
    if (!TOKEN_PATTERN.test(token)) return null;
    const raw = Buffer.from(token, 'base64url');
    if (raw.length !== ID_BYTES + MAC_BYTES) return null;
    // The last of 43 characters carries 4 bits and 2 unused ones: a token that differs only in those
    // decodes to the same bytes. Only the one encoding we issue is accepted, so every change is refused.
    if (raw.toString('base64url') !== token) return null;
    const idBytes = raw.subarray(0, ID_BYTES);
    if (!timingSafeEqual(raw.subarray(ID_BYTES), this.mac(idBytes))) return null;
    const hex = idBytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
