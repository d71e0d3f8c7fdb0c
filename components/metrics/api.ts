// The metrics panel's calls to the REST API (session cookie): JSON in and out, and the API's error message (or a
// plain one when a proxy answered instead) for the user.
import { errorMessage } from "@/components/ui/api-error";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function callApi<T>(url: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "The server could not be reached: the connection was lost.");
  }
  const text = await response.text();
  if (!response.ok) throw new ApiError(response.status, errorMessage(response.status, text));
  return (text ? JSON.parse(text) : undefined) as T;
}

export const metricsUrl = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}/metrics`;
export const chartsUrl = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}/charts`;
