// Attachments as they cross a boundary: what an upload carries, and the view of a stored file (never its bytes).
import { z } from "zod";
import { instantSchema, personSchema, type SameShape } from "@/lib/api/schema";

import { cleanContentType, cleanFilename } from "@/lib/attachments/filenames";
export { MAX_FILENAME_LENGTH, cleanContentType, cleanFilename, displayFilename } from "@/lib/attachments/filenames";

const idOrPublicId = z.string().trim().min(1, "is required").max(100);

export const uploadAttachmentInput = z.object({
  /** database id or public id of the incident */
  incidentId: idOrPublicId,
  filename: z.string({ error: "is required" }).transform(cleanFilename),
  contentType: z.string().nullish().transform(cleanContentType),
  description: z
    .string()
    .trim()
    .max(1_000, "must be at most 1,000 characters")
    .nullish()
    .transform((value) => value || null),
  data: z
    .custom<Uint8Array<ArrayBuffer>>((value) => value instanceof Uint8Array, "must be the file's bytes")
    .refine((data) => data.byteLength > 0, "is empty: choose a file with content"),
});
export type UploadAttachmentInput = z.input<typeof uploadAttachmentInput>;

export const deleteAttachmentInput = z.object({
  incidentId: idOrPublicId,
  attachmentId: z.string().trim().min(1, "is required").max(100),
});

export type AttachmentView = {
  id: string;
  incidentId: string;
  filename: string;
  contentType: string;
  size: number;
  /** hex SHA-256 of the stored bytes, computed by the server */
  sha256: string;
  description: string | null;
  /** ISO-8601 UTC */
  createdAt: string;
  uploadedBy: { id: string; name: string; email: string } | null;
};

/** GET /api/v1/incidents/{id}/attachments; an upload answers with one AttachmentView. */
export type AttachmentListResponse = { items: AttachmentView[] };

// The REST API's answers as zod schemas, for the OpenAPI document (lib/api/openapi.ts); SameShape keeps them the
// shape of the types above.
export const attachmentSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int().meta({ description: "Bytes" }),
    sha256: z.string().meta({ description: "Hex SHA-256 of the stored bytes, computed by the server" }),
    description: z.string().nullable(),
    createdAt: instantSchema,
    uploadedBy: personSchema.nullable(),
  })
  .meta({ id: "Attachment" });
true satisfies SameShape<AttachmentView, z.output<typeof attachmentSchema>>;

export const attachmentListResponseSchema = z.object({ items: z.array(attachmentSchema) });
true satisfies SameShape<AttachmentListResponse, z.output<typeof attachmentListResponseSchema>>;

/** POST /api/v1/incidents/{id}/attachments: the multipart form. */
export const attachmentUploadFormSchema = z.object({
  file: z.string().meta({ format: "binary", description: "The file" }),
  description: z.string().max(1_000).optional(),
});
