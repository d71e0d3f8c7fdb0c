// Reading a file upload from a request: multipart/form-data, read no further than the attachment limit allows,
// with the file in the field `file`. Shared by every route that takes a file (attachments, monitoring exports).
//
// The multipart body is parsed as it arrives (busboy), a network chunk at a time, and the file's bytes are kept as
// they come: parsing a whole 40 MB body at the end with Request.formData() and copying the file out of it held the
// server's event loop for 150-400 ms, so other users' requests waited.
import busboy from "busboy";
import { InvalidInputError, PayloadTooLargeError } from "@/lib/errors";
import { bodyChunksWithLimit, concatBytes, requireMediaType } from "@/lib/api/http";
import { attachmentTooLarge } from "@/lib/attachments/limits";
import { getAttachmentMaxBytes } from "@/lib/settings/queries";

/** Room for the multipart boundaries, part headers and small fields around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 16 * 1024;

export type UploadedFile = { name: string; type: string; data: Uint8Array<ArrayBuffer> };

const notMultipart = () => new InvalidInputError("The body is not valid multipart/form-data.", [{ path: "(body)", message: "is not multipart/form-data" }]);

/**
 * The file sent in the field `file` and the text fields beside it. `what` names the file in the error when it is
 * missing, e.g. "the file" or "the monitoring export".
 */
export async function readUploadForm(request: Request, what = "the file"): Promise<{ file: UploadedFile; fields: Record<string, string> }> {
  requireMediaType(request, ["multipart/form-data"]);
  const maxBytes = await getAttachmentMaxBytes();
  const tooLarge = (bytes: number | null) => attachmentTooLarge(bytes, maxBytes, "upload");

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": request.headers.get("content-type") ?? "" },
      defParamCharset: "utf8", // file names as browsers send them
      // The body limit below is what stops a large file; a file a little over the limit is read whole, so that the
      // refusal can say its exact size (the actions check it).
      limits: { files: 1, fileSize: maxBytes + MULTIPART_OVERHEAD_BYTES, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES },
    });
  } catch {
    throw notMultipart(); // no boundary
  }

  const fields: Record<string, string> = {};
  const chunks: Buffer[] = [];
  // Set from the parser's callbacks (`as`: so that TypeScript does not take them for null after the loop).
  let file = null as Omit<UploadedFile, "data"> | null;
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
    stream.on("limit", () => fail(tooLarge(null)));
  });
  const closed = new Promise<void>((resolve) => {
    parser.on("close", resolve);
    parser.on("error", (error: Error) => {
      fail(error);
      resolve();
    });
  });

  try {
    for await (const chunk of bodyChunksWithLimit(request, maxBytes + MULTIPART_OVERHEAD_BYTES, tooLarge)) {
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
  if (!file) throw new InvalidInputError(`Send ${what} in the multipart field \`file\`.`, [{ path: "file", message: "is required" }]);
  return { file: { ...file, data: concatBytes(chunks) }, fields };
}
