// Reading a file upload from a request: multipart/form-data (lib/api/multipart.ts), read no further than the
// attachment limit allows, with the file in the field `file`. Shared by the routes that attach a file (attachments,
// monitoring exports).
import { requireMediaType } from "@/lib/api/http";
import { readMultipartFile, type MultipartFile } from "@/lib/api/multipart";
import { attachmentTooLarge } from "@/lib/attachments/limits";
import { getAttachmentMaxBytes } from "@/lib/settings/queries";

const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 16 * 1024;

export type UploadedFile = MultipartFile;

/**
 * The file sent in the field `file` and the text fields beside it. `what` names the file in the error when it is
 * missing, e.g. "the file" or "the monitoring export".
 */
export async function readUploadForm(request: Request, what = "the file"): Promise<{ file: UploadedFile; fields: Record<string, string> }> {
  requireMediaType(request, ["multipart/form-data"]);
  const maxBytes = await getAttachmentMaxBytes();
  return readMultipartFile(request, {
    fileBytes: maxBytes,
    tooLarge: (bytes) => attachmentTooLarge(bytes, maxBytes, "upload"),
    what,
    maxFields: MAX_FIELDS,
    maxFieldBytes: MAX_FIELD_BYTES,
  });
}
