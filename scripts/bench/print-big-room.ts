import type { BigRoomPass, BigRoomReport } from './big-room';
import { latencyLine, lt, scrollLine } from './print';
import { median, ms, out, verdict, type Row } from './util';

function passLines(p: BigRoomPass): void {
  out(
    `  room opens (tap on its card in the inspection → PC headers and the open PC's items), 3 runs: ${p.openMs.map((v) => ms(v, 0)).join(', ')}; median ${ms(median(p.openMs), 0)}`,
  );
  out(
    `  cold start on the room's URL (page load, scripts, IndexedDB → the same), 3 runs: ${p.coldMs.map((v) => ms(v, 0)).join(', ')}; median ${ms(median(p.coldMs), 0)}`,
  );
  out(`  adding a PC (submit → its block open with its items): ${ms(p.addMs, 0)}`);
  out(latencyLine('  tap → button shown pressed', p.shown));
  scrollLine(p.scroll);
  out(`  answering ${p.shown.length} items across the PCs: ${lt(p.answerLongTasks)}`);
}

/** Part 4b: the 40-PC office. */
export function printBigRoom(r: BigRoomReport): Row[] {
  out(`## 4b. A 40-PC office (${r.computers} PCs, ${r.items} items in the room; headless Chromium, 360×740)`);
  out();
  passLines(r.unthrottled);
  out(`  DOM nodes in the room: ${r.domNodes}`);
  if (r.throttled) {
    out('  with 4× CPU throttling:');
    passLines(r.throttled);
  }
  out();
  const u = r.unthrottled;
  const worst = Math.max(u.scroll.longTasks.longest, u.answerLongTasks.longest);
  const rows: Row[] = [
    {
      figure: `${r.computers}-PC office, cold start on its URL`,
      value: ms(median(u.coldMs), 0),
      target: '(info)',
      verdict: 'INFO',
    },
    {
      figure: `${r.computers}-PC office opens (tap → shown, median of 3)`,
      value: ms(median(u.openMs), 0),
      target: '≤ 500 ms',
      verdict: verdict(median(u.openMs) <= 500),
    },
    { figure: `Adding PC ${r.computers}`, value: ms(u.addMs, 0), target: '≤ 200 ms', verdict: verdict(u.addMs <= 200) },
    {
      figure: `Tap → pressed, ${r.computers}-PC office, median`,
      value: ms(median(u.shown)),
      target: '≤ 50 ms',
      verdict: verdict(median(u.shown) <= 50),
    },
    {
      figure: `Long tasks scrolling+answering (${r.computers} PCs)`,
      value: ms(worst, 0),
      target: 'none > 100 ms',
      verdict: verdict(worst <= 100),
    },
    {
      figure: `DOM nodes, ${r.computers}-PC office`,
      value: String(r.domNodes),
      target: '≤ 3,000',
      verdict: verdict(r.domNodes <= 3000),
    },
  ];
  const t = r.throttled;
  if (t)
    rows.push(
      {
        figure: `${r.computers}-PC office opens, 4× throttled`,
        value: ms(median(t.openMs), 0),
        target: '≤ 1.5 s',
        verdict: verdict(median(t.openMs) <= 1500),
      },
      { figure: 'Adding a PC, 4× throttled', value: ms(t.addMs, 0), target: '(info)', verdict: 'INFO' },
      { figure: 'Tap → pressed, 4× throttled, median', value: ms(median(t.shown)), target: '(info)', verdict: 'INFO' },
    );
  return rows;
}
