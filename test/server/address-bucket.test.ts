import { describe, expect, it } from 'vitest';
import { addressBucket } from '../../src/server/address-bucket.ts';

describe('the address a quota counts by', () => {
  it('takes IPv4 as it is, also written as IPv6, and IPv6 by its /64', () => {
    expect(addressBucket('10.9.0.1')).toBe('10.9.0.1');
    expect(addressBucket('::ffff:10.9.0.1')).toBe('10.9.0.1');
    expect(addressBucket('2408:8456:a0:1f2::1')).toBe('2408:8456:a0:1f2::/64');
    expect(addressBucket('2408:8456:00a0:01f2:9c1e:ff:fe00:1')).toBe('2408:8456:a0:1f2::/64');
    expect(addressBucket('2408::1')).toBe('2408:0:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
  });
});
