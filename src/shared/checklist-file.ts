// Node-side reading of template files (build plugin and `npm run checklist:check`).
// The app itself only ever sees the JSON the build emits.
import { parseDocument } from 'yaml';
import { validateTemplate, type ValidationResult } from './checklist-validate.ts';

/** Parse a YAML or JSON template file's text and validate it. */
export function checkTemplateFile(source: string, text: string): ValidationResult {
  let data: unknown;
  if (/\.json$/i.test(source)) {
    try {
      data = JSON.parse(text);
    } catch (err) {
      return { ok: false, errors: [`${source}: (root): invalid JSON: ${(err as Error).message}`] };
    }
  } else if (/\.ya?ml$/i.test(source)) {
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0)
      return {
        ok: false,
        errors: doc.errors.map((e) => {
          const at = e.linePos?.[0];
          const where = at ? `${source}:${at.line}:${at.col}` : source;
          return `${where}: invalid YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`;
        }),
      };
    data = doc.toJS();
  } else {
    return { ok: false, errors: [`${source}: (root): a template must be a .yaml, .yml or .json file`] };
  }
  return validateTemplate(source, data);
}
