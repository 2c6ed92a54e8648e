import {PDFDocument, PDFName, PDFString, StandardFonts} from 'pdf-lib';

/** A one-page résumé PDF: a URL written in its text, and a link annotation to another. */
export async function resumePdf(textUrl: string, linkUrl: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText('Ada Reviewer - security reviewer', {x: 50, y: 780, size: 16, font});
  page.drawText(`Credentials: ${textUrl}`, {x: 50, y: 750, size: 9, font});
  page.drawText('My reviewer badge (click)', {x: 50, y: 720, size: 11, font});
  const annotation = pdf.context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: [50, 715, 250, 735],
    Border: [0, 0, 0],
    A: {Type: 'Action', S: 'URI', URI: PDFString.of(linkUrl)},
  });
  page.node.set(PDFName.of('Annots'), pdf.context.obj([pdf.context.register(annotation)]));
  return pdf.save();
}
