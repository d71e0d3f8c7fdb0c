// The refusal of an attachment over the limit. The limit itself is an instance setting: getAttachmentMaxBytes() in
// lib/settings/queries.ts (HINDSIGHT_ATTACHMENT_MAX_MB wins over it).
import { PayloadTooLargeError } from "@/lib/errors";
import { formatBytes } from "@/lib/attachments/size";

/**
 * `what` is "file" for the file's own size, "upload" for a whole request body (the file plus its multipart
 * wrapping); `bytes` null: only known to be over the limit (refused while it streamed in).
 */
export function attachmentTooLarge(bytes: number | null, maxBytes: number, what: "file" | "upload" = "file"): PayloadTooLargeError {
  const size = bytes === null ? "larger than that" : `${formatBytes(bytes)} (${bytes.toLocaleString("en-US")} bytes)`;
  return new PayloadTooLargeError(
    `Attachments may be at most ${formatBytes(maxBytes)} (${maxBytes.toLocaleString("en-US")} bytes); this ${what} is ${size}. Nothing was stored.`,
  );
}
