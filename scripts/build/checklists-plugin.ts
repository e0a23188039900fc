// Vite plugin: validate every template in checklists/ at build time (a bad file fails
// the build with FILE: PATH: REASON) and emit them as JSON the service worker precaches.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Plugin } from 'vite';
import { checkTemplateFile } from '../../src/shared/checklist-file.ts';
import type { ChecklistTemplate } from '../../src/shared/checklist';
import { templateAssetPath, type TemplateIndexEntry } from '../../src/shared/template-index.ts';

const TEMPLATE_FILE = /\.(ya?ml|json)$/i;

export interface LoadedTemplates {
  templates: ChecklistTemplate[];
  errors: string[];
}

/** Read and validate all template files in `dir` (paths reported relative to `root`). */
export function loadTemplates(dir: string, root = process.cwd()): LoadedTemplates {
  const templates: ChecklistTemplate[] = [];
  const errors: string[] = [];
  const seen = new Map<string, string>();
  const files = readdirSync(dir)
    .filter((f) => TEMPLATE_FILE.test(f))
    .sort();
  for (const name of files) {
    const file = relative(root, join(dir, name));
    const result = checkTemplateFile(file, readFileSync(join(dir, name), 'utf8'));
    if (!result.ok) {
      errors.push(...result.errors);
      continue;
    }
    const key = `${result.template.id}@${result.template.version}`;
    const other = seen.get(key);
    if (other) errors.push(`${file}: id: template ${key} is also defined in ${other}`);
    else {
      seen.set(key, file);
      templates.push(result.template);
    }
  }
  if (files.length === 0) errors.push(`${relative(root, dir)}: no template files found`);
  return { templates, errors };
}

function indexOf(templates: readonly ChecklistTemplate[]): TemplateIndexEntry[] {
  return templates.map((t) => ({ id: t.id, version: t.version, title: t.title, path: templateAssetPath(t) }));
}

export function checklists(dir = 'checklists'): Plugin {
  let loaded: LoadedTemplates = { templates: [], errors: [] };
  return {
    name: 'xunjian-checklists',
    buildStart() {
      loaded = loadTemplates(dir);
      for (const name of readdirSync(dir)) this.addWatchFile(join(dir, name));
      if (loaded.errors.length > 0) this.error(`invalid checklist template\n${loaded.errors.join('\n')}`);
    },
    generateBundle() {
      for (const tpl of loaded.templates)
        this.emitFile({ type: 'asset', fileName: templateAssetPath(tpl), source: JSON.stringify(tpl) });
      this.emitFile({
        type: 'asset',
        fileName: 'checklists/index.json',
        source: JSON.stringify(indexOf(loaded.templates)),
      });
    },
    configureServer(server) {
      // Dev server: answer the same URLs the build emits, re-reading files on each request.
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith('/checklists/')) return next();
        const current = loadTemplates(dir);
        const body =
          req.url === '/checklists/index.json'
            ? indexOf(current.templates)
            : current.templates.find((t) => `/${templateAssetPath(t)}` === req.url);
        if (!body) return next();
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      });
    },
  };
}
