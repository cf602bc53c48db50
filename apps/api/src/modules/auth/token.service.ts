import { createHash, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

export interface AccessTokenClaims {
  sub: string;
  /** The user's token version when issued; a bump (password change, deactivation) revokes it. */
  tv: number;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

@Injectable()
export class TokenService implements OnModuleInit {
  private secret = '';
  /**
   * The secret as a KeyObject, made once. Given a string, jsonwebtoken tries createPublicKey on it
   * (and catches the failure) before createSecretKey on EVERY verify: 6 % of the API's CPU under
   * the intake load.
   */
  private verifyKey: KeyObject | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
  ) {}

  /**
   * JWT_SECRET when given; otherwise a random secret created once and kept in the database,
   * so every API instance signs and verifies with the same key without extra configuration.
   */
  async onModuleInit(): Promise<void> {
    if (this.config.auth.jwtSecret) {
      this.setSecret(this.config.auth.jwtSecret);
      return;
    }
    await this.dataSource.query(`INSERT INTO app_secret (name, value) VALUES ('jwt', $1) ON CONFLICT (name) DO NOTHING`, [
      randomBytes(48).toString('base64url'),
    ]);
    const rows = (await this.dataSource.query(`SELECT value FROM app_secret WHERE name = 'jwt'`)) as { value: string }[];
    this.setSecret(rows[0]!.value);
  }

  private setSecret(secret: string): void {
    this.secret = secret;
    this.verifyKey = createSecretKey(Buffer.from(secret));
  }

  signAccess(claims: AccessTokenClaims): string {
    return this.jwt.sign(claims, { secret: this.secret, expiresIn: this.config.auth.accessTokenTtlSeconds, algorithm: 'HS256' });
  }

  verifyAccess(token: string): AccessTokenClaims | null {
    try {
      // @nestjs/jwt types `secret` as string | Buffer but hands it to jsonwebtoken, which takes a KeyObject.
      const secret = (this.verifyKey ?? this.secret) as unknown as string;
      const claims = this.jwt.verify<AccessTokenClaims & { exp: number }>(token, { secret, algorithms: ['HS256'] });
      return typeof claims.sub === 'string' && typeof claims.tv === 'number' ? { sub: claims.sub, tv: claims.tv } : null;
    } catch {
      return null;
    }
  }

  get accessTtlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }
}
