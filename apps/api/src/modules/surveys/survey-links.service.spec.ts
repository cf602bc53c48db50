import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SURVEY_TOKEN_LENGTH, SurveyLinksService } from './survey-links.service';

async function linksWithSecret(hexSecret: string): Promise<SurveyLinksService> {
  const query = jest.fn((sql: string) => Promise.resolve(sql.startsWith('SELECT') ? [{ value: hexSecret }] : []));
  const sut = new SurveyLinksService({ query } as unknown as DataSource);
  await sut.onModuleInit();
  return sut;
}

describe('SurveyLinksService', () => {
  const secret = 'ab'.repeat(32);

  it('round-trips an invitation id through a 43-character token carrying 128 bits of MAC', async () => {
    const sut = await linksWithSecret(secret);
    const id = randomUUID();
    const token = sut.tokenFor(id);
    expect(token).toHaveLength(SURVEY_TOKEN_LENGTH);
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    expect(sut.invitationIdOf(token)).toBe(id);
  });

  it('refuses a token with any character changed', async () => {
    const sut = await linksWithSecret(secret);
    const token = sut.tokenFor(randomUUID());
    for (const index of [0, 10, 21, 30, 42]) {
      const replacement = token[index] === 'A' ? 'B' : 'A';
      const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
      expect(sut.invitationIdOf(tampered)).toBeNull();
    }
  });

  it('refuses a token whose last character differs only in its two unused bits (same bytes, not the token issued)', async () => {
    const sut = await linksWithSecret(secret);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const token = sut.tokenFor(randomUUID());
    const last = alphabet.indexOf(token[42]!);
    expect(last % 4).toBe(0); // as issued, the unused bits are zero
    for (const unused of [1, 2, 3]) {
      const variant = token.slice(0, 42) + alphabet[last + unused]!;
      expect(Buffer.from(variant, 'base64url').equals(Buffer.from(token, 'base64url'))).toBe(true);
      expect(sut.invitationIdOf(variant)).toBeNull();
    }
    expect(sut.invitationIdOf(token)).not.toBeNull();
  });

  it('refuses malformed tokens and tokens made with another secret', async () => {
    const sut = await linksWithSecret(secret);
    const other = await linksWithSecret('cd'.repeat(32));
    expect(sut.invitationIdOf('')).toBeNull();
    expect(sut.invitationIdOf('x'.repeat(42))).toBeNull();
    expect(sut.invitationIdOf('!'.repeat(43))).toBeNull();
    expect(sut.invitationIdOf(other.tokenFor(randomUUID()))).toBeNull();
  });
});
