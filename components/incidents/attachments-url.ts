/** The report's attachments in the REST API (upload, list; `/{id}` to download or delete). */
export function attachmentsUrl(incidentId: string): string {
  return `/api/v1/incidents/${encodeURIComponent(incidentId)}/attachments`;
}
