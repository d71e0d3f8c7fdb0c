// Reading a file upload from a request: multipart/form-data, read no further than the attachment limit allows,
// with the file in the field `file`. Shared by every route that takes a file (attachments, monitoring exports).
import { InvalidInputError } from "@/lib/errors";
import { readBodyWithLimit, requireMediaType } from "@/lib/api/http";
import { attachmentTooLarge } from "@/lib/attachments/limits";
import { getAttachmentMaxBytes } from "@/lib/settings/queries";

/** Room for the multipart boundaries, part headers and small fields around the file itself. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** `what` names the file in the error when it is missing, e.g. "the file" or "the monitoring export". */
export async function readUploadForm(request: Request, what = "the file"): Promise<{ file: File; form: FormData }> {
  requireMediaType(request, ["multipart/form-data"]);
  const maxBytes = await getAttachmentMaxBytes();
  const body = await readBodyWithLimit(request, maxBytes + MULTIPART_OVERHEAD_BYTES, (bytes) => attachmentTooLarge(bytes, maxBytes, "upload"));
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new InvalidInputError("The body is not valid multipart/form-data.", [{ path: "(body)", message: "is not multipart/form-data" }]);
  }
  const file = form.get("file");
  if (!(file instanceof File)) {
    throw new InvalidInputError(`Send ${what} in the multipart field \`file\`.`, [{ path: "file", message: "is required" }]);
  }
  return { file, form };
}
