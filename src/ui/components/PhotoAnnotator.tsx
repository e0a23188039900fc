import { createSignal, For, onCleanup, onMount } from 'solid-js';
import { addPhoto, getBlob } from '../../db';
import { drawMarks, renderAnnotated, type Mark } from '../../evidence/annotate';
import { sha256Hex, type Photo } from '../../shared/evidence';
import { t } from '../i18n';
import { save } from '../state/save-status';

type Tool = Mark['kind'];
const TOOLS: Tool[] = ['circle', 'arrow', 'text'];

/** Draw circles, arrows and text on a copy of a photo; the original stays as it was. */
export function PhotoAnnotator(props: { photo: Photo; onDone: () => void }) {
  let dialog: HTMLDialogElement | undefined;
  let canvas: HTMLCanvasElement | undefined;
  let image: ImageBitmap | undefined;
  const [tool, setTool] = createSignal<Tool>('circle');
  const [marks, setMarks] = createSignal<Mark[]>([]);
  // Drawing starts once the photo is on the canvas (its size decides where marks land).
  const [ready, setReady] = createSignal(false);
  let drag: { x: number; y: number } | undefined;
  let preview: Mark | undefined;

  const redraw = () => {
    const ctx = canvas?.getContext('2d');
    if (!ctx || !canvas || !image) return;
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    drawMarks(ctx, preview ? [...marks(), preview] : marks(), canvas.width, canvas.height);
  };

  onMount(async () => {
    dialog?.showModal();
    const stored = await getBlob(props.photo.sha256);
    if (!stored || !canvas) return;
    image = await createImageBitmap(new Blob([stored.data], { type: stored.type }));
    const width = Math.min(image.width, 1200);
    canvas.width = width;
    canvas.height = Math.round((image.height / image.width) * width);
    redraw();
    setReady(true);
  });
  onCleanup(() => image?.close());

  const at = (e: PointerEvent) => {
    const r = canvas!.getBoundingClientRect();
    return { x: (e.clientX - r.left) / r.width, y: (e.clientY - r.top) / r.height };
  };
  const down = (e: PointerEvent) => {
    if (!ready()) return;
    const p = at(e);
    if (tool() === 'text') {
      const text = window.prompt(t('annotate.textPrompt'))?.trim();
      if (text) setMarks([...marks(), { kind: 'text', x: p.x, y: p.y, text }]);
      redraw();
      return;
    }
    canvas?.setPointerCapture(e.pointerId);
    drag = p;
  };
  const move = (e: PointerEvent) => {
    if (!drag || tool() === 'text') return;
    const p = at(e);
    preview = { kind: tool() as 'circle' | 'arrow', x1: drag.x, y1: drag.y, x2: p.x, y2: p.y };
    redraw();
  };
  const up = () => {
    if (preview) setMarks([...marks(), preview]);
    drag = undefined;
    preview = undefined;
    redraw();
  };
  const finish = async () => {
    if (!image || marks().length === 0) return props.onDone();
    const photo = props.photo;
    const data = await renderAnnotated(image, marks());
    const copy = { data, sha256: await sha256Hex(data), width: image.width, height: image.height };
    await save(() =>
      addPhoto(photo.inspectionId, photo, photo.attachedTo, {
        ...copy,
        capturedAt: photo.capturedAt,
        caption: photo.caption,
        annotatedFrom: photo.id,
      }),
    );
    dialog?.close();
    props.onDone();
  };

  return (
    <dialog ref={dialog} class="viewer annotator" onClose={() => props.onDone()}>
      <div class="row" role="group" aria-label={t('photo.annotate')}>
        <For each={TOOLS}>
          {(k) => (
            <button type="button" aria-pressed={tool() === k} onClick={() => setTool(k)}>
              {t(`annotate.${k}`)}
            </button>
          )}
        </For>
        <button
          type="button"
          onClick={() => (setMarks(marks().slice(0, -1)), redraw())}
          disabled={marks().length === 0}
        >
          {t('annotate.undo')}
        </button>
      </div>
      <canvas
        ref={canvas}
        class="annotate-canvas"
        data-ready={ready()}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
      />
      <p class="muted small">{t('annotate.hint')}</p>
      <div class="row">
        <button type="button" onClick={() => (dialog?.close(), props.onDone())}>
          {t('common.cancel')}
        </button>
        <button type="button" class="primary" onClick={() => void finish()}>
          {t('annotate.save')}
        </button>
      </div>
    </dialog>
  );
}
