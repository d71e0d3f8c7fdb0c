// Reading one file from a multipart/form-data request body, shared by every route that takes a file (attachments,
// monitoring exports, report files). The body is parsed as it arrives (busboy), a network chunk at a time, and the
// file's bytes are kept as they come: parsing a whole 40 MB body at the end with Request.formData() and copying the file
// out of it held the server's event loop for 150-400 ms, so other users' requests waited.
import busboy from "busboy";
import { InvalidInputError, PayloadTooLargeError } from "@/lib/errors";
import { bodyChunksWithLimit, concatBytes } from "@/lib/api/http";

/** Room for the multipart boundaries, part headers and small fields around the file itself. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export type MultipartFile = { name: string; type: string; data: Uint8Array<ArrayBuffer> };

export type MultipartLimits = {
  /** the file's limit; the body is read up to this plus the multipart overhead, so a file a little over it is read
   * whole and the refusal can say its exact size */
  fileBytes: number;
  /** the refusal of a body over the limit (`null`: its size is not known) */
  tooLarge(bytes: number | null): PayloadTooLargeError;
  /** names the file in the error when it is missing, e.g. "the monitoring export" */
  what: string;
  maxFields: number;
  maxFieldBytes: number;
};

const notMultipart = () => new InvalidInputError("The body is not valid multipart/form-data.", [{ path: "(body)", message: "is not multipart/form-data" }]);

/** The file sent in the field `file` and the text fields beside it. The caller checks the media type first. */
export async function readMultipartFile(request: Request, limits: MultipartLimits): Promise<{ file: MultipartFile; fields: Record<string, string> }> {
  const bodyLimit = limits.fileBytes + MULTIPART_OVERHEAD_BYTES;
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      defParamCharset: "utf8", // file names as browsers send them
      limits: { files: 1, fileSize: bodyLimit, fields: limits.maxFields, fieldSize: limits.maxFieldBytes },
    });
  } catch {
    throw notMultipart(); // no boundary
  }

  const fields: Record<string, string> = {};
  const chunks: Buffer[] = [];
  // Set from the parser's callbacks (`as`: so that TypeScript does not take them for null after the loop).
  let file = null as Omit<MultipartFile, "data"> | null;
  let failure = null as Error | null;
  const fail = (error: Error) => {
    failure ??= error;
  };
  parser.on("field", (name, value) => {
    fields[name] = value;
  });
  parser.on("file", (name, stream, info) => {
    // A part cut off by the end of the body errors here as well as on the parser.
    stream.on("error", fail);
    if (name !== "file" || file) {
      stream.resume(); // not ours: drained and dropped
      return;
    }
    file = { name: info.filename ?? "", type: info.mimeType ?? "" };
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("limit", () => fail(limits.tooLarge(null)));
  });
  const closed = new Promise<void>((resolve) => {
    parser.on("close", resolve);
    parser.on("error", (error: Error) => {
      fail(error);
      resolve();
    });
  });

  try {
    for await (const chunk of bodyChunksWithLimit(request, bodyLimit, limits.tooLarge)) {
      if (failure) break;
      if (!parser.write(chunk)) await new Promise((resolve) => parser.once("drain", resolve));
    }
  } catch (error) {
    parser.destroy();
    throw error;
  }
  parser.end();
  await closed;

  if (failure) throw failure instanceof PayloadTooLargeError ? failure : notMultipart();
  if (!file) throw new InvalidInputError(`Send ${limits.what} in the multipart field \`file\`.`, [{ path: "file", message: "is required" }]);
  return { file: { ...(file as Omit<MultipartFile, "data">), data: concatBytes(chunks) }, fields };
}
