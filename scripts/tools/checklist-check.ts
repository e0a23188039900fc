// `npm run checklist:check -- FILE...`: validate template files a user wrote.
import { readFileSync } from 'node:fs';
import { checkTemplateFile } from '../../src/shared/checklist-file';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run checklist:check -- FILE [FILE...]');
  process.exit(2);
}
let failed = false;
for (const file of files) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    failed = true;
    continue;
  }
  const result = checkTemplateFile(file, text);
  if (result.ok) {
    const count = result.template.sections.reduce((n, s) => n + s.items.length, 0);
    console.log(`${file}: ok — ${result.template.id} v${result.template.version}, ${count} items`);
  } else {
    failed = true;
    for (const line of result.errors) console.error(line);
  }
}
process.exit(failed ? 1 : 0);
