// The report in a POST /api/v1/incidents/import body, by its Content-Type: text or Markdown as it is, an HTML page or a
// Word document converted, or a multipart upload whose file is any of these. Each body is read no further than its
// kind may be large.
import "server-only";
import { charset, decodeText, mediaType, readBodyWithLimit, UnsupportedMediaTypeError } from "@/lib/api/http";
import { readMultipartFile, type MultipartFile } from "@/lib/api/multipart";
import { PayloadTooLargeError } from "@/lib/errors";
import { reportTooLarge } from "@/lib/incidents/import";
import { checkFileSize, convertReportFile, MAX_REPORT_FILE_BYTES, type ConvertedReport } from "@/lib/incidents/report-formats/convert";
import { docxTooLarge } from "@/lib/incidents/report-formats/docx";
import { DOCX_MEDIA_TYPE, MAX_DOCX_BYTES, MAX_HTML_BYTES } from "@/lib/incidents/report-formats/file-kinds";
import { MAX_REPORT_BYTES } from "@/lib/incidents/report-text/parse";

const TEXT_TYPES = new Set(["text/plain", "text/markdown", "text/x-markdown"]);
const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);

export type ReportRequest = { text: string; converted: ConvertedReport | null; fields: Record<string, string> };

export async function readReportRequest(request: Request): Promise<ReportRequest> {
  const type = mediaType(request);
  if (TEXT_TYPES.has(type)) {
    const body = await readBodyWithLimit(request, MAX_REPORT_BYTES, reportTooLarge);
    return { text: decodeText(body, charset(request)), converted: null, fields: {} };
  }
  if (HTML_TYPES.has(type)) {
    const body = await readBodyWithLimit(request, MAX_HTML_BYTES, (bytes) => htmlTooLarge(bytes));
    return converted(await convertReportFile({ bytes: body, mediaType: type, charset: charset(request) }));
  }
  if (type === DOCX_MEDIA_TYPE) {
    const body = await readBodyWithLimit(request, MAX_DOCX_BYTES, (bytes) => docxTooLarge(bytes, "The document"));
    return converted(await convertReportFile({ bytes: body, mediaType: type }));
  }
  if (type === "multipart/form-data") {
    const { file, fields } = await readReportUpload(request);
    return { ...converted(await convertReportFile({ bytes: file.data, fileName: file.name || null, mediaType: file.type })), fields };
  }
  throw new UnsupportedMediaTypeError(
    `Send the report as text/plain or text/markdown (text or Markdown), text/html (an HTML page), ${DOCX_MEDIA_TYPE} (a Word document), ` +
      `or multipart/form-data with the file in the field "file"${type ? `, not ${type}` : " (the Content-Type header is missing)"}.`,
  );
}

function converted(report: ConvertedReport): ReportRequest {
  return { text: report.text, converted: report, fields: {} };
}

function htmlTooLarge(bytes: number | null): PayloadTooLargeError {
  const size = bytes === null ? "larger than that" : `${bytes.toLocaleString("en-US")} bytes`;
  return new PayloadTooLargeError(`The HTML page is ${size}; an HTML page may be at most 5 MB (${MAX_HTML_BYTES.toLocaleString("en-US")} bytes).`);
}

/** The file in the multipart field `file` (and the small text fields beside it), read as it arrives. */
async function readReportUpload(request: Request): Promise<{ file: MultipartFile; fields: Record<string, string> }> {
  const { file, fields } = await readMultipartFile(request, {
    fileBytes: MAX_REPORT_FILE_BYTES,
    tooLarge: (bytes) => docxTooLarge(bytes, "The upload"),
    what: "the report file",
    maxFields: 10,
    maxFieldBytes: 16 * 1024,
  });
  if (file.data.byteLength > MAX_REPORT_FILE_BYTES) checkFileSize("docx", file.data.byteLength, file.name ? `"${file.name}"` : "The file");
  return { file, fields };
}
