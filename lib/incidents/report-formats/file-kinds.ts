// Which report files the import takes and how each is read: plain text and Markdown as they are (in the browser on
// the import page), HTML pages (Confluence, Google Docs "Web page") and Word documents converted on the server. No
// server code here: the import form imports it.

export type ReportFileKind = "text" | "html" | "docx";

/** An HTML export carries much more markup than text: a 1 MB report is easily 3-5 MB of Confluence or Google HTML. */
export const MAX_HTML_BYTES = 5 * 1024 * 1024;
/** A .docx is a ZIP of XML and images; screenshots make a short report several MB. */
export const MAX_DOCX_BYTES = 10 * 1024 * 1024;
/** Everything in a .docx unpacked: an honest 10 MB document stays far below, a ZIP bomb does not. */
export const MAX_DOCX_UNPACKED_BYTES = 40 * 1024 * 1024;

export const DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const EXTENSIONS: Record<string, ReportFileKind> = {
  txt: "text",
  text: "text",
  md: "text",
  markdown: "text",
  html: "html",
  htm: "html",
  xhtml: "html",
  docx: "docx",
};

/** The `accept` attribute of the import page's file input. */
export const REPORT_FILE_ACCEPT = [
  ...Object.keys(EXTENSIONS).map((extension) => `.${extension}`),
  "text/plain",
  "text/markdown",
  "text/html",
  DOCX_MEDIA_TYPE,
].join(",");

/** What a file name says it is; null when the extension is none of the above (the server then looks at the bytes). */
export function fileKindFromName(name: string | null | undefined): ReportFileKind | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(name ?? "")?.[1]?.toLowerCase();
  return extension ? (EXTENSIONS[extension] ?? null) : null;
}

export function formatMegabytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return `${Number.isInteger(megabytes) ? megabytes : megabytes.toFixed(1)} MB`;
}

/** What the page says a file was converted from. */
export const KIND_NAMES: Record<ReportFileKind, string> = { text: "text", html: "an HTML page", docx: "Word" };
