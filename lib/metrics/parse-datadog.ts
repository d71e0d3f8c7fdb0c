// Datadog metric queries. `GET /api/v1/query` (what the API, the "Export to CSV/JSON" scripts and most runbooks use):
// series[] with `pointlist` [[epoch ms, value | null]], the metric name, the group-by `tag_set` ("host:a") and the query
// `scope` ("env:prod,service:orders-api"), both turned into labels, and `unit` [unit, per-unit] ("%", "B/s").
// `POST /api/v2/query/timeseries` responses (data.attributes: shared `times`, `values` per series, `group_tags`) are
// read too. An error (`status: "error"`, `errors: [...]`) is refused with Datadog's message.
import { InvalidInputError } from "@/lib/errors";
import { isRecord, warn, type ParseContext, type SeriesSet } from "@/lib/metrics/parse-series";
import { normalizeUnit } from "@/lib/metrics/units";

export function refuseDatadogError(document: Record<string, unknown>): void {
  const errors = Array.isArray(document.errors)
    ? document.errors.map((error) => (isRecord(error) ? String(error.detail ?? error.title ?? JSON.stringify(error)) : String(error)))
    : [];
  if (document.status === "error" || (errors.length && !document.series && !document.data)) {
    const message = typeof document.error === "string" ? document.error : errors.join("; ") || "no message";
    throw new InvalidInputError(`This is a Datadog error response, not data: ${message}`);
  }
}

export function parseDatadog(document: unknown, context: ParseContext, set: SeriesSet): void {
  if (!isRecord(document)) return;
  refuseDatadogError(document);
  if (typeof document.message === "string" && document.message) warn(context, `Datadog: ${document.message}`);
  if (isRecord(document.data) && isRecord(document.data.attributes)) {
    parseTimeseriesV2(document.data.attributes, set);
    return;
  }
  for (const series of Array.isArray(document.series) ? document.series : []) {
    if (!isRecord(series)) continue;
    const labels: Record<string, string> = {};
    if (typeof series.scope === "string") addTags(labels, series.scope.split(","));
    if (Array.isArray(series.tag_set)) addTags(labels, series.tag_set.map(String));
    const name = String(series.metric ?? series.display_name ?? series.expression ?? "value");
    const builder = set.get(name, labels, datadogUnit(series.unit));
    for (const point of Array.isArray(series.pointlist) ? series.pointlist : []) {
      if (!Array.isArray(point)) continue;
      const time = Number(point[0]);
      if (!Number.isFinite(time)) continue;
      builder.push(time, typeof point[1] === "number" ? point[1] : Number.NaN);
    }
  }
}

function parseTimeseriesV2(attributes: Record<string, unknown>, set: SeriesSet): void {
  const times = Array.isArray(attributes.times) ? attributes.times.map(Number) : [];
  const values = Array.isArray(attributes.values) ? attributes.values : [];
  const seriesList = Array.isArray(attributes.series) ? attributes.series : [];
  seriesList.forEach((series, index) => {
    if (!isRecord(series)) return;
    const labels: Record<string, string> = {};
    if (Array.isArray(series.group_tags)) addTags(labels, series.group_tags.map(String));
    const name = `query${typeof series.query_index === "number" ? series.query_index + 1 : index + 1}`;
    const builder = set.get(name, labels, datadogUnit(series.unit));
    const column = Array.isArray(values[index]) ? (values[index] as unknown[]) : [];
    for (let i = 0; i < times.length; i++) {
      if (!Number.isFinite(times[i])) continue;
      const value = column[i];
      builder.push(times[i], typeof value === "number" ? value : Number.NaN);
    }
  });
}

function addTags(labels: Record<string, string>, tags: string[]): void {
  for (const tag of tags) {
    const text = tag.trim();
    if (!text || text === "*") continue;
    const colon = text.indexOf(":");
    if (colon < 0) labels[text] = "";
    else labels[text.slice(0, colon)] = text.slice(colon + 1);
  }
}

/** [{short_name: "%"}, null] → "%"; [{short_name: "B"}, {short_name: "s"}] → "B/s". */
function datadogUnit(unit: unknown): string | null {
  if (!Array.isArray(unit)) return null;
  const spell = (part: unknown) => (isRecord(part) ? String(part.short_name ?? part.name ?? "") : "");
  const main = spell(unit[0]);
  if (!main) return null;
  const per = spell(unit[1]);
  return normalizeUnit(per ? `${main}/${per}` : main);
}
