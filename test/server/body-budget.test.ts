import { describe, expect, it } from 'vitest';
import { BodyBudget } from '../../src/server/body-budget.ts';

const MB = 1_048_576;

describe('the memory budget of large bodies', () => {
  it('lets small bodies through at once and large ones in turn, first come first served', async () => {
    const budget = new BodyBudget(20 * MB);
    expect(await budget.reserve(1000, 10)).toBeTypeOf('function');
    const first = (await budget.reserve(15 * MB, 10))!;
    const order: string[] = [];
    const second = budget.reserve(10 * MB, 5000).then((release) => (order.push('second'), release));
    const third = budget.reserve(5 * MB, 5000).then((release) => (order.push('third'), release));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The third would fit beside the first, but waits behind the second.
    expect(order).toEqual([]);
    first();
    (await second)!();
    (await third)!();
    expect(order).toEqual(['second', 'third']);
  });

  it('answers undefined when the wait runs out', async () => {
    const budget = new BodyBudget(10 * MB);
    const held = (await budget.reserve(10 * MB, 10))!;
    expect(await budget.reserve(10 * MB, 20)).toBeUndefined();
    held();
  });

  it('gives the room back when a waiting caller hangs up, so it is not held for ever', async () => {
    const budget = new BodyBudget(10 * MB);
    const held = (await budget.reserve(10 * MB, 10))!;
    const hungUp = new AbortController();
    const waiting = budget.reserve(10 * MB, 60_000, hungUp.signal);
    hungUp.abort();
    expect(await waiting).toBeUndefined();
    held();
    // Had the hung-up caller kept its place, it would now hold the whole budget and this would wait.
    expect(await budget.reserve(10 * MB, 10)).toBeTypeOf('function');
    // A caller already gone is not queued at all.
    expect(await budget.reserve(5 * MB, 10, hungUp.signal)).toBeUndefined();
  });

  it('answers undefined at once when as many callers as it lets wait already wait', async () => {
    const budget = new BodyBudget(10 * MB);
    const held = (await budget.reserve(10 * MB, 10))!;
    const waiting = Array.from({ length: BodyBudget.MOST_WAITING }, () => budget.reserve(10 * MB, 60_000));
    const started = Date.now();
    expect(await budget.reserve(10 * MB, 60_000)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    held();
    for (const next of waiting) (await next)!();
  });
});
