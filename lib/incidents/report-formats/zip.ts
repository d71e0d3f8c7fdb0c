// Reading a ZIP archive's directory and unpacking entries with a ceiling, so that a .docx can be checked before
// mammoth (through JSZip) unpacks it without any: a few kilobytes of deflated zeros ("ZIP bomb") would otherwise
// become gigabytes in memory. Only what a .docx uses: stored and deflated entries, no ZIP64, no encryption.
import { inflateRawSync } from "node:zlib";

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  compressedSize: number;
  /** as the directory declares it; unpack() checks the real size */
  size: number;
  encrypted: boolean;
  headerOffset: number;
};

export class ZipError extends Error {}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** True when the bytes start like a ZIP archive (a local file header, or the end record of an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

/** The archive's entries from its central directory; throws ZipError when it is damaged or uses what a .docx never does. */
export function readZipDirectory(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfDirectory(view);
  if (end < 0) throw new ZipError("its ZIP directory is missing (the file is cut off or damaged)");
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new ZipError("it is a ZIP64 archive, which a Word document does not use");
  if (count > maxEntries)
    throw new ZipError(`it holds ${count.toLocaleString("en-US")} files; a Word document holds far fewer than ${maxEntries.toLocaleString("en-US")}`);
  if (directoryOffset + directorySize > end) throw new ZipError("its ZIP directory points outside the file (the file is damaged)");

  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY) throw new ZipError("its ZIP directory is damaged");
    const flags = view.getUint16(at + 8, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) throw new ZipError("its ZIP directory is damaged");
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      encrypted: (flags & 1) === 1,
      headerOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfDirectory(view: DataView): number {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes.
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (view.getUint32(at, true) === END_OF_DIRECTORY) return at;
  }
  return -1;
}

/**
 * An entry's bytes, unpacked to at most `maxBytes`: more throws ZipError("too large"), whatever the directory
 * declared. The check costs one unpacking of each entry before mammoth does its own.
 */
export function unpack(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Uint8Array {
  if (entry.encrypted) throw new ZipError("it is encrypted (password-protected)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = entry.headerOffset;
  if (header + 30 > bytes.length || view.getUint32(header, true) !== LOCAL_HEADER) throw new ZipError(`the entry ${entry.name} is damaged`);
  const start = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (start + entry.compressedSize > bytes.length) throw new ZipError(`the entry ${entry.name} is cut off`);
  if (entry.method === 0) {
    if (data.length > maxBytes) throw new TooLargeEntry();
    return data;
  }
  if (entry.method !== 8) throw new ZipError(`the entry ${entry.name} uses a compression Word does not write`);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, maxBytes) });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new TooLargeEntry();
    throw new ZipError(`the entry ${entry.name} is damaged`);
  }
}

/** Unpacking went past the ceiling. */
export class TooLargeEntry extends ZipError {
  constructor() {
    super("too large");
  }
}
