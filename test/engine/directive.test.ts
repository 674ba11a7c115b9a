import { describe, expect, it } from 'vitest';
import { decodeDirective, encodeDirective, type Directive } from '../../src/engine/directive.ts';

describe('the button codec', () => {
  const every: Directive[] = [
    { kind: 'item', itemId: 'dibao' },
    { kind: 'item', itemId: 'dibao', section: 'materials' },
    { kind: 'section', section: 'steps' },
    { kind: 'section', section: 'full' },
    { kind: 'action', intent: 'cancel', action: 'visit', args: ['V000123'] },
    { kind: 'action', intent: 'complaint', action: 'consult', args: [] },
    { kind: 'slot', date: '2026-11-27', half: 'am' },
    { kind: 'change', slot: 'phone' },
    { kind: 'menu', topic: 'guide' },
    { kind: 'intent', intent: 'visit' },
  ];

  it('decodes every directive it encodes back to the same directive', () => {
    for (const directive of every) expect(decodeDirective(encodeDirective(directive))).toEqual(directive);
  });

  it('reads plain text, unknown tags and malformed values as no directive', () => {
    for (const text of ['低保怎么申请', '#', '#item', '#do:nobody:x', '#do:visit', '#slot:明天:am', '#slot:2026-11-27:noon', '#section:nothing', '#help:other', '#go:nobody', '#other:x']) {
      expect(decodeDirective(text)).toBeUndefined();
    }
  });

  it('still reads the rating buttons of notifications queued before it', () => {
    expect(decodeDirective('#rate:V000123:满意')).toEqual({ kind: 'action', intent: 'feedback', action: 'rate', args: ['V000123', '满意'] });
  });
});
