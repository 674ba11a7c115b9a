import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseYaml } from '../yaml.ts';
import type { z } from 'zod';
import { AppError, ErrorCodes } from '../errors.ts';
import {
  AgentsFileSchema,
  CanonicalMaterialsSchema,
  ItemFileSchema,
  SynonymsSchema,
  VillagesFileSchema,
  type Agent,
  type Centre,
  type Item,
  type Material,
  type Village,
} from './schema.ts';

/** Everything in `knowledge/`, validated and cross-checked. */
export interface KnowledgeBase {
  items: Item[];
  synonyms: Record<string, string[]>;
  town: string;
  county: string;
  centre: Centre;
  villages: Village[];
  villagesAreSamples: boolean;
  agents: Agent[];
  /** `materials.yaml`: the canonical description of each common material, by id. */
  materials: Record<string, Material>;
}

function invalid(file: string, field: string, problem: string): AppError {
  return new AppError(ErrorCodes.KNOWLEDGE_INVALID, `${file}: ${field}: ${problem}`);
}

async function readYaml<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : (error as Error).message.split('\n')[0]!;
    throw invalid(file, '(file)', reason);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw invalid(file, issue.path.join('.') || '(root)', issue.message);
  }
  return result.data;
}

/**
 * Loads and validates the knowledge base from `dir`. The first problem found stops the load with
 * an `AppError` naming the file, the field and the problem, so a bad edit never goes live.
 */
export async function loadKnowledge(dir: string): Promise<KnowledgeBase> {
  const itemsDir = path.join(dir, 'items');
  let files: string[];
  try {
    files = (await readdir(itemsDir)).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  } catch {
    throw invalid(itemsDir, '(folder)', 'cannot be read; set KNOWLEDGE_DIR to the knowledge folder');
  }
  if (files.length === 0) throw invalid(itemsDir, '(folder)', 'holds no item files');

  const materials = await readYaml(path.join(dir, 'materials.yaml'), CanonicalMaterialsSchema);
  const items: Item[] = [];
  for (const file of files) {
    const full = path.join(itemsDir, file);
    const raw = await readYaml(full, ItemFileSchema);
    if (raw.id !== path.parse(file).name) throw invalid(full, 'id', `must equal the file name "${path.parse(file).name}"`);
    items.push({ ...raw, materials: raw.materials.map((m, n) => resolveMaterial(m, materials, full, n)) });
  }
  checkItems(items, itemsDir);

  const synonyms = await readYaml(path.join(dir, 'synonyms.yaml'), SynonymsSchema);
  const villagesFile = await readYaml(path.join(dir, 'villages.yaml'), VillagesFileSchema);
  const { agents } = await readYaml(path.join(dir, 'agents.yaml'), AgentsFileSchema);
  checkAgents(agents, villagesFile.villages, path.join(dir, 'agents.yaml'));
  checkDutyContacts(villagesFile.villages, agents, path.join(dir, 'villages.yaml'));

  return {
    items,
    synonyms,
    town: villagesFile.town,
    county: villagesFile.county,
    centre: villagesFile.centre,
    villages: villagesFile.villages,
    villagesAreSamples: villagesFile.sample_contacts,
    agents,
    materials,
  };
}

/**
 * A material of an item: written out, or a reference to `materials.yaml`, which gives the name,
 * form, copies, source, exemption and note; the item adds only its `detail` (appended to the note)
 * and `only_if`.
 */
function resolveMaterial(
  material: Material | { ref: string; detail?: string; only_if?: string },
  canonical: Record<string, Material>,
  file: string,
  index: number,
): Material {
  if (!('ref' in material) || material.ref === undefined) return material as Material;
  const entry = canonical[material.ref];
  if (!entry) throw invalid(file, `materials.${index}.ref`, `unknown material "${material.ref}"; it must be an id of materials.yaml`);
  const note = [entry.note, material.detail].filter(Boolean).join('；') || undefined;
  const onlyIf = material.only_if ?? entry.only_if;
  return {
    ...entry,
    ...(note ? { note } : {}),
    ...(onlyIf ? { only_if: onlyIf } : {}),
    ref: material.ref,
    ...(material.detail ? { detail: material.detail } : {}),
  };
}

function checkItems(items: Item[], itemsDir: string): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const item of items) {
    const file = path.join(itemsDir, `${item.id}.yaml`);
    if (names.has(item.name)) throw invalid(file, 'name', `"${item.name}" is used by another item`);
    ids.add(item.id);
    names.add(item.name);
  }
  for (const item of items) {
    const file = path.join(itemsDir, `${item.id}.yaml`);
    for (const field of ['related', 'bundle'] as const) {
      const unknown = item[field].find((id) => !ids.has(id));
      if (unknown) throw invalid(file, field, `refers to unknown item "${unknown}"`);
    }
  }
}

function checkAgents(agents: Agent[], villages: Village[], file: string): void {
  const villageNames = new Set(villages.map((v) => v.name));
  const ids = new Set(agents.map((a) => a.id));
  agents.forEach((agent, index) => {
    if (!villageNames.has(agent.village)) throw invalid(file, `agents.${index}.village`, `unknown village "${agent.village}"`);
    if (agent.partner && !ids.has(agent.partner)) throw invalid(file, `agents.${index}.partner`, `unknown agent "${agent.partner}"`);
  });
}

/** A village's duty contact that names an agent must name one of the roster. */
function checkDutyContacts(villages: Village[], agents: Agent[], file: string): void {
  const ids = new Set(agents.map((a) => a.id));
  villages.forEach((village, index) => {
    village.duty?.contacts.forEach((contact, n) => {
      if ('agent' in contact && !ids.has(contact.agent)) throw invalid(file, `villages.${index}.duty.contacts.${n}.agent`, `unknown agent "${contact.agent}"`);
    });
  });
}
