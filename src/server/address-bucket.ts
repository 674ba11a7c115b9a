import { isIPv6 } from 'node:net';

/**
 * The address one quota counts by, as @fastify/rate-limit counts its limit: an IPv4 address as it
 * is (also when written as IPv6, `::ffff:1.2.3.4`), an IPv6 address by its /64 — one home or phone
 * is given a whole /64, and could otherwise be a new sender at every upload.
 */
export function addressBucket(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip.toLowerCase();
  const [head = '', tail] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
