import { snakeCase } from './snake-naming.strategy';

describe('snakeCase', () => {
  it.each([
    ['receivedAt', 'received_at'],
    ['orgUnitId', 'org_unit_id'],
    ['hqFiled', 'hq_filed'],
    ['APIKey', 'api_key'],
    ['version', 'version'],
  ])('maps %s to %s', (input, expected) => expect(snakeCase(input)).toBe(expected));
});
