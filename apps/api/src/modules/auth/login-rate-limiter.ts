/**
 * Per-client-address sliding window for login attempts. This complements the per-account lock
 * kept in the database (which holds across instances): it stops one address from spraying
 * passwords over many accounts. In memory, so each API instance counts on its own.
 */
export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly maxAttempts: number,
    private readonly windowMs: number,
  ) {}

  /** Returns the seconds to wait, or 0 when the attempt may go ahead (and counts it). */
  take(clientKey: string, now = Date.now()): number {
    const recent = (this.attempts.get(clientKey) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.maxAttempts) {
      this.attempts.set(clientKey, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.attempts.set(clientKey, recent);
    if (this.attempts.size > 10_000) this.prune(now);
    return 0;
  }

  private prune(now: number): void {
    for (const [key, times] of this.attempts) {
      if (times.every((t) => t <= now - this.windowMs)) this.attempts.delete(key);
    }
  }
}
