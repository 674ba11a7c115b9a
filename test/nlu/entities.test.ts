import { describe, expect, it } from 'vitest';
import { findDates, findIdNumbers, findPhones, findVillages } from '../../src/nlu/entities.ts';
import { settledDate } from '../../src/nlu/dates.ts';
import { parseNameAnswer } from '../../src/nlu/contact-details.ts';
import { maskPersonalNumbers, withoutContactDetails } from '../../src/personal-numbers.ts';
import { isValidIdNumber } from '../../src/nlu/id-number.ts';
import type { Village } from '../../src/knowledge/schema.ts';

const VALID_ID = '11010519491231002X';

describe('entities', () => {
  it('finds mobile numbers, with or without separators, and landlines', () => {
    expect(findPhones('电话13800001234').map((e) => e.value)).toEqual(['13800001234']);
    expect(findPhones('打 138-0000-1234 找我').map((e) => e.value)).toEqual(['13800001234']);
    expect(findPhones('座机0579-84561234').map((e) => e.value)).toEqual(['0579-84561234']);
  });

  it('reads a phone number spoken digit by digit, as voice typing writes it, and masks it like a typed one', () => {
    expect(findPhones('电话幺三五 七幺二八 四四零六').map((e) => e.value)).toEqual(['13571284406']);
    expect(findPhones('一三八五七九一二三四五').map((e) => e.value)).toEqual(['13857912345']);
    expect(findPhones('我八十三岁住三组十二号')).toEqual([]);
    expect(maskPersonalNumbers('电话幺三五七幺二八四四零六')).not.toMatch(/[幺七]二八四四/);
  });

  it('does not take a number of the wrong length for a phone', () => {
    expect(findPhones('电话1380000123')).toEqual([]);
    expect(findPhones('电话138000012345')).toEqual([]);
  });

  it('accepts an ID number whose check character is right', () => {
    expect(isValidIdNumber(VALID_ID)).toBe(true);
    expect(findIdNumbers(`身份证${VALID_ID.toLowerCase()}`).map((e) => e.value)).toEqual([VALID_ID]);
  });

  it('rejects an ID number with a wrong check character or an impossible birth date', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(findIdNumbers('身份证110105194912310021')).toEqual([]);
    expect(isValidIdNumber('110105194913310020')).toBe(false);
  });

  it('does not read an ID number as a phone number', () => {
    expect(findPhones(`号码${VALID_ID}`)).toEqual([]);
  });

  it('finds a village written with a voice-typing slip before 村, never a plain word that sounds like one', () => {
    const villages = [
      { name: '中湖村', aliases: ['中湖'] },
      { name: '玉峰村', aliases: ['玉峰'] },
      { name: '珍溪村', aliases: ['珍溪'] },
    ] as Village[];
    expect(findVillages('中胡村啊 我刚才说过了', villages).map((e) => e.value)).toEqual(['中湖村']);
    expect(findVillages('我住在玉丰村三组', villages).map((e) => [e.value, e.text])).toEqual([['玉峰村', '玉丰村']]);
    expect(findVillages('珍惜时间', villages)).toEqual([]);
  });

  it('finds villages by full name or short name', () => {
    const villages = [
      { name: '岭口村', aliases: ['岭口'] },
      { name: '吕家山村', aliases: ['吕家山'] },
    ] as Village[];
    expect(findVillages('我是岭口的', villages).map((e) => e.value)).toEqual(['岭口村']);
    expect(findVillages('吕家山村3组', villages).map((e) => e.value)).toEqual(['吕家山村']);
    expect(findVillages('我在县城', villages)).toEqual([]);
  });

  it('reads dates in Asia/Shanghai, biased to the future, with the half-day', () => {
    // 2026-11-24 22:30 UTC is already 25 November in Shanghai.
    const now = new Date('2026-11-24T22:30:00Z');
    expect(findDates('明天上午来', now).map((e) => e.value)).toEqual(['2026-11-26 上午']);
    expect(findDates('后天下午', now).map((e) => e.value)).toEqual(['2026-11-27 下午']);
    // A day without a year lies ahead, unless that puts it most of a year away: then it was meant
    // as the recent past (and a booking says it is past rather than "too far ahead").
    expect(findDates('1月5号', now).map((e) => e.value)).toEqual(['2027-01-05']);
    expect(findDates('11月20号', now).map((e) => e.value)).toEqual(['2026-11-20']);
    // A weekday or a day of the month with a half-day; a half-day alone is no date.
    expect(findDates('周五上午', now).map((e) => e.value)).toEqual(['2026-11-27 上午']);
    expect(findDates('想约27号下午', now).map((e) => e.value)).toEqual(['2026-11-27 下午']);
    expect(findDates('1号', now).map((e) => e.value)).toEqual(['2026-12-01']);
    expect(findDates('改成上午', now)).toEqual([]);
    expect(findDates('3组12号', now)).toEqual([]);
    // A house number right after the place it is in is no date, whatever the place.
    for (const address of ['河边7号', '桥头3号', '岭口8号', '祠堂边2号', '老街15号']) expect(findDates(address, now), address).toEqual([]);
  });

  it('settles on the last day she names even when it was said before ("…还是8号吧")', () => {
    const now = new Date('2026-11-24T22:30:00Z');
    expect(settledDate('改到12月8号，要么9号也行……还是8号吧', now)?.date).toBe('2026-12-08');
    expect(settledDate('月底吧，28号或者29号……29号吧', now)?.date).toBe('2026-11-29');
  });

  it('settles on the day she names, not a house number after it, nor a day she only asks about', () => {
    const now = new Date('2026-11-24T22:30:00Z');
    expect(settledDate('麻烦代办员12月8号上午上门收一下材料，地址珍溪村河边7号', now)?.date).toBe('2026-12-08');
    expect(settledDate('明天下午行不行', now)?.date).toBe('2026-11-26');
    expect(settledDate('8号可不可以', now)?.date).toBe('2026-12-08');
    expect(settledDate('明天不行，后天吧', now)?.date).toBe('2026-11-27');
    expect(settledDate('明天不行', now)).toBeUndefined();
    for (const [said, day] of [['明天可以不可以', '2026-11-26'], ['明天在不在', '2026-11-26'], ['帮我安排12号上午', '2026-12-12'], ['我这边15号比较方便', '2026-12-15'], ['那头8号有空', '2026-12-08']]) {
      expect(settledDate(said!, now)?.date, said).toBe(day);
    }
  });

  it('masks phone and ID numbers', () => {
    const masked = maskPersonalNumbers(`电话13800001234，身份证${VALID_ID}`);
    expect(masked).not.toContain('13800001234');
    expect(masked).not.toContain(VALID_ID);
  });
});

describe('contact details left out for the emergency detector', () => {
  it('drops a phone or ID number with the words that lead it in, and keeps the rest', () => {
    expect(withoutContactDetails('岭口村3组老周家着火了，烟好大，我电话13800001234')).toBe('岭口村3组老周家着火了，烟好大，');
    expect(withoutContactDetails('我叫陈大伯，联系方式：138 0000 1111，岭口村')).toBe('我叫陈大伯，，岭口村');
    expect(withoutContactDetails(`身份证号${VALID_ID}丢了`)).toBe('丢了');
    expect(withoutContactDetails('办公室电话0579-84561000')).toBe('办公室电话0579-84561000');
  });
});

describe('a name given as an answer', () => {
  it('is the answer itself when it is just a name, else the name the tagger read in it', () => {
    expect(parseNameAnswer('王秀英', '王秀英')).toEqual({ ok: true, value: '王秀英' });
    expect(parseNameAnswer('我姓王', undefined)).toEqual({ ok: true, value: '王' });
    expect(parseNameAnswer('陈志强，耳东陈，志气的志，强壮的强', '陈志强')).toEqual({ ok: true, value: '陈志强' });
    expect(parseNameAnswer('郑杏花 郑是关耳郑', '郑杏花')).toEqual({ ok: true, value: '郑杏花' });
    expect(parseNameAnswer('不知道', undefined).ok).toBe(false);
    // 渠/伊 are 她 and 他 in Wu dialect.
    expect(parseNameAnswer('渠叫周桂香', undefined)).toEqual({ ok: true, value: '周桂香' });
  });
});
