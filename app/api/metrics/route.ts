import { METRICS_CONTENT_TYPE, metricsAllowed, metricsText } from "@/lib/observability/metrics-export";

/** Prometheus scrape target: open, or `Authorization: Bearer <HINDSIGHT_METRICS_TOKEN>` when that is set. */
export async function GET(request: Request) {
  if (!metricsAllowed(request.headers.get("authorization"))) {
    return Response.json(
      { error: { code: "unauthenticated", message: "Send the metrics token as Authorization: Bearer <HINDSIGHT_METRICS_TOKEN>." } },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="hindsight-metrics"', "cache-control": "no-store" } },
    );
  }
  return new Response(await metricsText(), { headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" } });
}
