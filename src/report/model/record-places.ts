// Where each text of a record is printed, named as the inspector knows the place
// (被检查单位, 一楼机房 · 第 3 项 备注, 存在的问题 一是 整改措施, 签字 …), so a character no
// font can draw is reported with the field it is in, not as a bare character.
import type { RecordModel } from './record-model';

/** One text printed in the PDF and the place it is printed at. */
export interface PlacedText {
  place: string;
  text: string;
}

/** A field with characters the PDF shows as placeholders (〔U+20BB7〕). */
export interface MissingText {
  place: string;
  chars: string[];
}

/** Every text the record prints that someone typed or chose, by place. */
export function recordTexts(model: RecordModel, marking = ''): PlacedText[] {
  const texts: PlacedText[] = [];
  const add = (place: string, text: string) => {
    if (text) texts.push({ place, text });
  };
  // The title, running header and 落款 repeat the unit: 被检查单位 names them all.
  for (const [label, value] of model.particulars) add(label, value);
  add('标注', marking);
  for (const room of model.rooms) {
    add(`${room.heading} · 房间名称`, room.name);
    for (const block of room.blocks) {
      const at = block.computer ? `${room.name} · ${block.computer}` : room.name;
      if (block.heading) add(`${at}（资产编号、使用人、位置）`, block.heading);
      for (const row of block.rows) {
        add(`${at} · 第 ${row.no} 项 检查内容`, row.question);
        add(`${at} · 第 ${row.no} 项 记录值`, row.value);
        add(`${at} · 第 ${row.no} 项 备注`, row.note);
      }
    }
  }
  for (const f of model.findings) {
    add(`存在的问题 ${f.label}`, f.problem);
    add(`存在的问题 ${f.label} 整改措施`, f.measure);
    add(`存在的问题 ${f.label} 责任人`, f.owner);
    f.photos.forEach((p, i) => add(`存在的问题 ${f.label} 照片 ${i + 1} 说明`, p.caption));
  }
  model.signatures.forEach((s, i) => {
    add(`签字 ${i + 1}（${s.role}）姓名`, s.name);
    add(`签字 ${i + 1}（${s.role}）职务`, s.title);
    add(`签字 ${i + 1}（${s.role}）采集`, s.captured ?? '');
  });
  model.changes.forEach((c, i) => {
    add(`修改记录 ${i + 1} 重新打开人`, c.by);
    add(`修改记录 ${i + 1} 原因`, c.reason);
    add(`修改记录 ${i + 1} 作废的签字`, c.voided);
  });
  model.appendix.forEach((a, i) => add(`附件 照片 ${i + 1} 说明`, a.caption));
  return texts;
}

/** The fields of `texts` with characters `missingIn` finds, each place once. */
export function missingByPlace(texts: readonly PlacedText[], missingIn: (text: string) => string[]): MissingText[] {
  const byPlace = new Map<string, Set<string>>();
  for (const { place, text } of texts) {
    const chars = missingIn(text);
    if (chars.length === 0) continue;
    const known = byPlace.get(place) ?? new Set();
    for (const ch of chars) known.add(ch);
    byPlace.set(place, known);
  }
  return [...byPlace].map(([place, chars]) => ({ place, chars: [...chars] }));
}
