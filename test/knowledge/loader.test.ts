import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dump as stringify } from 'js-yaml';
import { parseYaml as parse } from '../../src/yaml.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';

const dirs: string[] = [];

function copyOfKnowledge(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cunban-kb-'));
  cpSync('knowledge', dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

function firstItem(dir: string): string {
  return path.join(dir, 'items', readdirSync(path.join(dir, 'items')).sort()[0]!);
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the knowledge loader', () => {
  it('loads the shipped knowledge base: every catalogue item, villages and agents', async () => {
    const base = await loadKnowledge('knowledge');
    expect(base.items.length).toBeGreaterThanOrEqual(59);
    expect(base.villages).toHaveLength(15);
    expect(base.villages.filter((v) => v.tier === '示范型').map((v) => v.name)).toEqual(['岭口村', '玉峰村', '林宅村']);
    expect(base.items.find((i) => i.name === '最低生活保障申请')).toBeDefined();
  });

  it('names the file, the field and the problem when a field has the wrong value', async () => {
    const dir = copyOfKnowledge();
    const file = firstItem(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^case_kind: .*$/m, 'case_kind: 随便件'));
    await expect(loadKnowledge(dir)).rejects.toThrow(new RegExp(`${path.basename(file)}: case_kind: `));
  });

  it('names a missing required field', async () => {
    const dir = copyOfKnowledge();
    const file = firstItem(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^summary: .*$/m, ''));
    await expect(loadKnowledge(dir)).rejects.toThrow(/: summary: /);
  });

  it('reports broken YAML with the file name', async () => {
    const dir = copyOfKnowledge();
    const file = firstItem(dir);
    writeFileSync(file, 'id: [unclosed\nname: x');
    await expect(loadKnowledge(dir)).rejects.toThrow(new RegExp(`${path.basename(file)}: \\(file\\): `));
  });

  it('rejects a link to an item that does not exist', async () => {
    const dir = copyOfKnowledge();
    const file = firstItem(dir);
    const item = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, stringify({ ...item, related: ['no-such-item'] }));
    await expect(loadKnowledge(dir)).rejects.toThrow(/related: refers to unknown item "no-such-item"/);
  });

  it('rejects an id that differs from the file name', async () => {
    const dir = copyOfKnowledge();
    const file = firstItem(dir);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^id: .*$/m, 'id: another-id'));
    await expect(loadKnowledge(dir)).rejects.toThrow(/: id: must equal the file name/);
  });

  it('rejects an agent in a village that is not in villages.yaml', async () => {
    const dir = copyOfKnowledge();
    const file = path.join(dir, 'agents.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('village: 岭口村', 'village: 不存在村'));
    await expect(loadKnowledge(dir)).rejects.toThrow(/agents.yaml: agents\.\d+\.village: unknown village "不存在村"/);
  });

  it('rejects a 法定 time limit without its basis, naming the field and what to do', async () => {
    const dir = copyOfKnowledge();
    const file = path.join(dir, 'items', 'linshi-jiuzhu.yaml');
    const item = parse(readFileSync(file, 'utf8')) as Record<string, any>;
    writeFileSync(file, stringify({ ...item, time_limit: { promised: '10个工作日', legal: '15个工作日' } }));
    await expect(loadKnowledge(dir)).rejects.toThrow(/linshi-jiuzhu.yaml: time_limit.legal_basis: a 法定 time limit needs legal_basis naming the document/);
  });

  it('rejects the placeholder review date and a review without its reviewer', async () => {
    const dir = copyOfKnowledge();
    const file = path.join(dir, 'items', 'dibao.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^reviewed: .*$/m, 'reviewed: 2026-11-01'));
    await expect(loadKnowledge(dir)).rejects.toThrow(/dibao.yaml: reviewed: is a placeholder date, not a review/);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^reviewed: .*$/m, 'reviewed: 2026-12-01').replace(/^reviewed_by: .*$/m, ''));
    await expect(loadKnowledge(dir)).rejects.toThrow(/dibao.yaml: reviewed_by: reviewed and reviewed_by go together/);
  });

  it('rejects an exempt material without its condition', async () => {
    const dir = copyOfKnowledge();
    const file = path.join(dir, 'items', 'dibao.yaml');
    const item = parse(readFileSync(file, 'utf8')) as Record<string, any>;
    const materials = [...item.materials, { name: '结婚证', form: '原件', copies: 1, source: '民政部门数据共享', exempt: true }];
    writeFileSync(file, stringify({ ...item, materials }));
    await expect(loadKnowledge(dir)).rejects.toThrow(/dibao.yaml: materials\.\d+\.note: an exempt material needs a note/);
  });

  it('rejects a proxy item whose attendance is missing or says otherwise', async () => {
    const dir = copyOfKnowledge();
    const file = path.join(dir, 'items', 'dibao.yaml');
    const item = parse(readFileSync(file, 'utf8')) as Record<string, any>;
    writeFileSync(file, stringify({ ...item, attendance: { who: '本人到场' } }));
    await expect(loadKnowledge(dir)).rejects.toThrow(/dibao.yaml: attendance.who: must be 代办员可代办 exactly when proxy is true/);
    delete item.attendance;
    writeFileSync(file, stringify(item));
    await expect(loadKnowledge(dir)).rejects.toThrow(/dibao.yaml: attendance: /);
  });

  it('resolves a canonical material by id and rejects an unknown one', async () => {
    const base = await loadKnowledge('knowledge');
    const register = base.items.find((i) => i.id === 'dibao')!.materials.find((m) => m.name === '户口簿')!;
    expect(register).toMatchObject({ ref: 'hukou-bu', exempt: true, note: '工作人员系统查询；查不到的需带原件' });
    const dir = copyOfKnowledge();
    const file = path.join(dir, 'items', 'dibao.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- ref: hukou-bu\n', '- ref: hukou-ben\n'));
    await expect(loadKnowledge(dir)).rejects.toThrow(/dibao.yaml: materials\.1\.ref: unknown material "hukou-ben"/);
  });

  it('says so when the folder is not a knowledge base', async () => {
    await expect(loadKnowledge(path.join(tmpdir(), 'no-such-knowledge'))).rejects.toThrow(/KNOWLEDGE_DIR/);
  });
});
