/**
 * The QR code of the current step's link, in a modal dialog, so an audience can open the step on their phones.
 * The code is generated in the page by qrcode-generator (MIT, no dependencies, maintained since 2009), which is
 * imported only when a code is first asked for; nothing is fetched from elsewhere.
 */
import { qrSvg } from './qr-svg';

type QrFactory = typeof import('qrcode-generator');

let factory: Promise<QrFactory> | undefined;
const loadFactory = () => (factory ??= import('qrcode-generator').then((m) => m.default));

export interface QrDialog {
  /** Shows the dialog with the code of this link (or updates it while open). */
  show(link: string): Promise<void>;
  /** Redraws an open dialog for a new link (one still opening draws it too); a closed one stays closed. */
  update(link: string): Promise<void>;
  readonly open: boolean;
  remove(): void;
}

/** @example const qr = createQrDialog(document); await qr.show('https://…/chapters/attention/#softmax') */
export function createQrDialog(doc: Document, onClose: () => void): QrDialog {
  const dialog = doc.createElement('dialog');
  dialog.className = 'present-qr';
  dialog.setAttribute('aria-labelledby', 'present-qr-title');
  const title = doc.createElement('h2');
  title.id = 'present-qr-title';
  title.textContent = 'Open this step on your phone';
  const code = doc.createElement('div');
  code.className = 'present-qr-code';
  const url = doc.createElement('p');
  url.className = 'present-qr-url';
  const close = doc.createElement('button');
  close.type = 'button';
  close.textContent = 'Close';
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', onClose);
  // A click on the backdrop (outside the dialog's box) closes it too.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.append(title, code, url, close);
  doc.body.append(dialog);

  /** The link the dialog should show: the latest asked for, which may change while the library loads. */
  let wanted = '';
  let drawn = '';
  /** Draws the latest link once the library is here; false when the dialog was removed meanwhile (presenting ended). */
  async function draw(): Promise<boolean> {
    const qrcode = await loadFactory();
    if (!dialog.isConnected) return false;
    const link = wanted;
    if (link === drawn) return true;
    drawn = link;
    url.textContent = link;
    try {
      const qr = qrcode(0, 'M');
      qr.addData(link);
      qr.make();
      code.replaceChildren(qrSvg(doc, qr.getModuleCount(), (r, c) => qr.isDark(r, c), `QR code of ${link}`));
    } catch {
      // qrcode-generator throws past version 40 (about 2,300 bytes at level M): a very long sentence in ?s=.
      const p = doc.createElement('p');
      p.textContent = 'This link is too long for a QR code.';
      code.replaceChildren(p);
    }
    return true;
  }

  return {
    async show(link) {
      wanted = link;
      // A step change while the library loads updates `wanted`, so the code drawn is the latest step's.
      if (!(await draw())) return;
      if (!dialog.open) dialog.showModal();
      close.focus();
    },
    async update(link) {
      wanted = link;
      if (dialog.open) await draw();
    },
    get open() {
      return dialog.open;
    },
    remove() {
      if (dialog.open) dialog.close();
      dialog.remove();
    },
  };
}
