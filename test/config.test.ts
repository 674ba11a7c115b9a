import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';

describe('configuration', () => {
  it('has embedded defaults for npm start', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', KNOWLEDGE_DIR: './knowledge' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads TRUST_PROXY as nobody, everybody, a number of proxies or their addresses', () => {
    expect(parseConfig({}).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(parseConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.1,192.168.0.0/16' }).TRUST_PROXY).toBe('10.0.0.1,192.168.0.0/16');
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', REDIS_URL: ' ' }).DATABASE_URL).toBeUndefined();
  });

  it('names the variable and the problem in one line', () => {
    expect(() => parseConfig({ PORT: 'abc' })).toThrow(/^PORT: /);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL: must start with postgres:\/\/ or postgresql:\/\//);
    expect(() => parseConfig({ ADMIN_TOKEN: 'short' })).toThrow(/^ADMIN_TOKEN: must be at least 16 characters/);
    expect(() => parseConfig({ HOTLINE_URL: 'https://hotline.example/api' })).toThrow(/^HOTLINE_SECRET: is required when HOTLINE_URL is set/);
  });
});
