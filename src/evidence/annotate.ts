// Marks drawn on a copy of a photo: a circle round the problem, an arrow to it, a short
// text. Coordinates are fractions of the image, so the same marks render on the
// screen-sized preview and on the full-resolution copy that is stored.

export type Mark =
  | { kind: 'circle'; x1: number; y1: number; x2: number; y2: number }
  | { kind: 'arrow'; x1: number; y1: number; x2: number; y2: number }
  | { kind: 'text'; x: number; y: number; text: string };

const MARK_COLOUR = '#ff1f1f';

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Draw the marks over whatever is on the context (the photo), at width × height. */
export function drawMarks(ctx: Ctx, marks: readonly Mark[], width: number, height: number): void {
  const line = Math.max(3, Math.round(Math.max(width, height) / 200));
  ctx.save();
  ctx.strokeStyle = MARK_COLOUR;
  ctx.fillStyle = MARK_COLOUR;
  ctx.lineWidth = line;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const m of marks) {
    if (m.kind === 'circle') {
      const [cx, cy] = [((m.x1 + m.x2) / 2) * width, ((m.y1 + m.y2) / 2) * height];
      const [rx, ry] = [
        Math.max(line, (Math.abs(m.x2 - m.x1) / 2) * width),
        Math.max(line, (Math.abs(m.y2 - m.y1) / 2) * height),
      ];
      ctx.beginPath();
      ctx.ellipse(cx, cy, rx, ry, 0, 0, Math.PI * 2);
      ctx.stroke();
    } else if (m.kind === 'arrow') {
      const [x1, y1, x2, y2] = [m.x1 * width, m.y1 * height, m.x2 * width, m.y2 * height];
      const angle = Math.atan2(y2 - y1, x2 - x1);
      const head = line * 5;
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x2, y2);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(x2, y2);
      ctx.lineTo(x2 - head * Math.cos(angle - Math.PI / 7), y2 - head * Math.sin(angle - Math.PI / 7));
      ctx.lineTo(x2 - head * Math.cos(angle + Math.PI / 7), y2 - head * Math.sin(angle + Math.PI / 7));
      ctx.closePath();
      ctx.fill();
    } else {
      const size = Math.round(Math.max(width, height) / 28);
      ctx.font = `bold ${size}px system-ui, 'PingFang SC', 'Noto Sans CJK SC', sans-serif`;
      ctx.textBaseline = 'top';
      // A white outline keeps red text readable on any background.
      ctx.lineWidth = Math.max(2, size / 8);
      ctx.strokeStyle = '#ffffff';
      ctx.strokeText(m.text, m.x * width, m.y * height);
      ctx.fillText(m.text, m.x * width, m.y * height);
      ctx.strokeStyle = MARK_COLOUR;
      ctx.lineWidth = line;
    }
  }
  ctx.restore();
}

/** The annotated copy at the photo's full resolution, as JPEG bytes. */
export async function renderAnnotated(image: ImageBitmap, marks: readonly Mark[]): Promise<ArrayBuffer> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.drawImage(image, 0, 0);
  drawMarks(ctx, marks, image.width, image.height);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  return blob.arrayBuffer();
}
