import { createHmac } from 'node:crypto';
import { retryDelaySeconds, signBody } from './webhook-delivery.job';

describe('webhook retry backoff', () => {
  it('doubles per attempt between half and all of the nominal delay', () => {
    expect(retryDelaySeconds(1, 10, () => 0)).toBe(5);
    expect(retryDelaySeconds(1, 10, () => 1)).toBe(10);
    expect(retryDelaySeconds(4, 10, () => 1)).toBe(80);
    expect(retryDelaySeconds(4, 10, () => 0)).toBe(40);
  });

  it('never waits more than an hour', () => {
    expect(retryDelaySeconds(30, 10, () => 1)).toBe(3600);
  });

  it('retries at once when the base delay is zero', () => {
    expect(retryDelaySeconds(3, 0)).toBe(0);
  });
});

describe('webhook signature', () => {
  it('is sha256= and the hex HMAC of the exact body', () => {
    const body = '{"id":"e1"}';
    expect(signBody('s3cret', body)).toBe(`sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`);
    expect(signBody('s3cret', `${body} `)).not.toBe(signBody('s3cret', body));
  });
});
