// For tests: a ZIP archive written byte by byte, including what an honest writer never writes (a size the directory
// misstates, the encryption flag), and a minimal Word document built on it.
import { crc32, deflateRawSync } from "node:zlib";

export type ZipPart = {
  name: string;
  data: string | Uint8Array;
  /** stored instead of deflated */
  store?: boolean;
  /** what the directory claims the unpacked size is (default: the truth) */
  declaredSize?: number;
  encrypted?: boolean;
};

export function makeZip(parts: ZipPart[]): Uint8Array<ArrayBuffer> {
  const chunks: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const data = typeof part.data === "string" ? Buffer.from(part.data, "utf8") : Buffer.from(part.data);
    const packed = part.store ? data : deflateRawSync(data);
    const name = Buffer.from(part.name, "utf8");
    const size = part.declaredSize ?? data.length;
    const flags = part.encrypted ? 1 : 0;
    const method = part.store ? 0 : 8;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, packed);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(flags, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc32(data), 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    directory.push(entry, name);
    offset += local.length + name.length + packed.length;
  }
  const directorySize = directory.reduce((sum, chunk) => sum + chunk.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, ...directory, end]));
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A Word document holding `paragraphs` (`**Label:** value` makes the label bold), with `title` in its properties. */
export function makeDocx(paragraphs: string[], options: { title?: string; extra?: ZipPart[] } = {}): Uint8Array<ArrayBuffer> {
  const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const run = (text: string, bold = false) => `<w:r>${bold ? "<w:rPr><w:b/></w:rPr>" : ""}<w:t xml:space="preserve">${escape(text)}</w:t></w:r>`;
  const body = paragraphs
    .map((paragraph) => {
      const heading = /^(#{1,3}) (.*)$/.exec(paragraph);
      if (heading) return `<w:p><w:pPr><w:pStyle w:val="Heading${heading[1].length}"/></w:pPr>${run(heading[2])}</w:p>`;
      const labelled = /^\*\*(.+?)\*\*(.*)$/.exec(paragraph);
      return `<w:p>${labelled ? run(labelled[1], true) + run(labelled[2]) : run(paragraph)}</w:p>`;
    })
    .join("");
  const styles = [1, 2, 3].map((level) => `<w:style w:type="paragraph" w:styleId="Heading${level}"><w:name w:val="heading ${level}"/></w:style>`).join("");
  return makeZip([
    {
      name: "[Content_Types].xml",
      data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>',
    },
    {
      name: "_rels/.rels",
      data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    },
    { name: "word/document.xml", data: `<?xml version="1.0"?><w:document ${W}><w:body>${body}</w:body></w:document>` },
    {
      name: "word/_rels/document.xml.rels",
      data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    },
    { name: "word/styles.xml", data: `<?xml version="1.0"?><w:styles ${W}>${styles}</w:styles>` },
    ...(options.title
      ? [
          {
            name: "docProps/core.xml",
            data: `<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escape(options.title)}</dc:title></cp:coreProperties>`,
          },
        ]
      : []),
    ...(options.extra ?? []),
  ]);
}
