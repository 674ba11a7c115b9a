import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/hotline/circuit-breaker.ts';

function clock(start = 0) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('the circuit breaker', () => {
  it('stays closed through failures below the threshold and forgets them after a success', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, clock: time.now });
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('opens after N consecutive failures and refuses until the cool-down has passed', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1000, clock: time.now });
    for (let i = 0; i < 3; i += 1) breaker.onFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.canAttempt()).toBe(false);
    expect(breaker.tryAcquire()).toBe(false);
    time.advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    time.advance(1);
    expect(breaker.state).toBe('half-open');
  });

  it('lets exactly one trial through when half-open; its success closes the circuit', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 100, clock: time.now });
    breaker.onFailure();
    breaker.onFailure();
    time.advance(100);
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.canAttempt()).toBe(false);
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('reopens for a whole cool-down when the trial fails', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 2, coolDownMs: 100, clock: time.now });
    breaker.onFailure();
    breaker.onFailure();
    time.advance(150);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    time.advance(99);
    expect(breaker.tryAcquire()).toBe(false);
    time.advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('gives the trial back when the permit was not used', () => {
    const time = clock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 10, clock: time.now });
    breaker.onFailure();
    time.advance(10);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.abandon();
    expect(breaker.tryAcquire()).toBe(true);
  });
});
