// The import page converts an HTML page or Word document through the REST API (POST /api/v1/incidents/import
// ?convertOnly=1, the session cookie, same origin): it takes the sizes the API takes (a .docx up to 10 MB), where a
// server action's body is capped at 2 MB for the whole app. Nothing is created; the answer is the text to check.
import type { ConvertedReport } from "@/lib/incidents/report-formats/convert";
import { formatMegabytes } from "@/lib/incidents/report-formats/file-kinds";
import { errorMessage } from "@/components/ui/api-error";

export const CONVERT_URL = "/api/v1/incidents/import?convertOnly=1";

export type Conversion = { ok: true; data: ConvertedReport } | { ok: false; message: string };

export async function convertOnServer(file: File, send: typeof fetch = fetch): Promise<Conversion> {
  const body = new FormData();
  body.set("file", file);
  let response: Response;
  try {
    response = await send(CONVERT_URL, { method: "POST", body, credentials: "same-origin" });
  } catch {
    return {
      ok: false,
      message: `${file.name} could not be sent to be converted (${formatMegabytes(file.size)}): the server could not be reached. Try again, or paste the text.`,
    };
  }
  const text = await response.text();
  if (response.status === 401) return { ok: false, message: "Your session has ended: sign in again, then open the file again." };
  if (!response.ok) return { ok: false, message: errorMessage(response.status, text) };
  try {
    return { ok: true, data: JSON.parse(text) as ConvertedReport };
  } catch {
    return { ok: false, message: `${file.name} could not be converted: the server's answer was not readable. Try again.` };
  }
}
