// Grafana's JSON shapes of query results, all made of data frames:
// - Inspect > JSON > "DataFrame JSON (from query)": an array of `{schema: {fields}, data: {values}}` (column-wise);
// - `/api/ds/query` responses: `{results: {A: {frames: [...], error?}}}` ("grafana-ds-query");
// - Inspect > JSON > "Panel data": `{series: [{fields: [{name, type, values}]}]}` (frames with inline values);
// - dashboard snapshots: `panels[].snapshotData`.
// A frame's time field gives the timestamps (epoch ms); every number field is a series (`config.displayName`,
// `displayNameFromDS`, the `__name__` label, the frame's name, then the field name, in that order, name it; its labels
// and `config.unit` come along). String fields of a long frame become labels, row by row. NaN/Inf that Grafana moves to
// `data.entities` are null in `values` and so already gaps.
import { InvalidInputError } from "@/lib/errors";
import { isRecord, markPartial, stringRecord, warn, type ParseContext, type SeriesBuilder, type SeriesSet } from "@/lib/metrics/parse-series";
import { TimeReader } from "@/lib/metrics/time";
import { normalizeUnit } from "@/lib/metrics/units";

type Field = { name: string; type: string; labels: Record<string, string>; config: Record<string, unknown>; values: unknown[] };
type Frame = { name: string; refId: string; fields: Field[]; notices: string[] };

/** Every data frame the document holds, in whichever of Grafana's shapes it comes. */
export function framesOf(document: unknown, context: ParseContext): Frame[] {
  const frames: Frame[] = [];
  const errors: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isRecord(value)) return;
    if (isRecord(value.results)) {
      for (const [refId, result] of Object.entries(value.results)) {
        if (!isRecord(result)) continue;
        if (typeof result.error === "string" && result.error) errors.push(`${refId}: ${result.error}`);
        if (Array.isArray(result.frames)) for (const frame of result.frames) addFrame(frame, refId);
      }
      return;
    }
    if (Array.isArray(value.series)) return visit(value.series);
    if (Array.isArray(value.frames)) return visit(value.frames);
    if (isRecord(value.dashboard)) return visit(value.dashboard);
    if (value.snapshotData !== undefined) return visit(value.snapshotData);
    if (Array.isArray(value.panels)) {
      for (const panel of value.panels) {
        if (!isRecord(panel)) continue;
        if (panel.snapshotData) visit(panel.snapshotData);
        if (Array.isArray(panel.panels)) visit({ panels: panel.panels }); // panels inside a collapsed row
      }
      return;
    }
    addFrame(value, "");
  };
  const addFrame = (value: unknown, refId: string) => {
    const frame = toFrame(value, refId);
    if (frame) frames.push(frame);
  };
  visit(document);
  if (errors.length && !frames.some((frame) => frame.fields.length)) {
    throw new InvalidInputError(`This is a Grafana query error response, not data: ${errors.join("; ")}`);
  }
  if (errors.length) warn(context, `Grafana reported query errors: ${errors.join("; ")}`);
  return frames;
}

function toFrame(value: unknown, refId: string): Frame | null {
  if (!isRecord(value)) return null;
  const schema = isRecord(value.schema) ? value.schema : null;
  const rawFields = schema ? schema.fields : value.fields;
  if (!Array.isArray(rawFields)) return null;
  const columns = schema && isRecord(value.data) && Array.isArray(value.data.values) ? (value.data.values as unknown[]) : null;
  const meta = isRecord(schema?.meta) ? schema.meta : isRecord(value.meta) ? value.meta : {};
  const notices = Array.isArray(meta.notices) ? meta.notices.map((notice) => (isRecord(notice) ? String(notice.text ?? "") : "")).filter(Boolean) : [];
  const fields: Field[] = rawFields.filter(isRecord).map((field, index) => {
    const values = columns ? columns[index] : field.values;
    return {
      name: typeof field.name === "string" ? field.name : `field ${index + 1}`,
      type: typeof field.type === "string" ? field.type : "",
      labels: stringRecord(field.labels),
      config: isRecord(field.config) ? field.config : {},
      values: Array.isArray(values) ? values : [],
    };
  });
  const source = schema ?? value;
  return {
    name: typeof source.name === "string" ? source.name : "",
    refId: typeof source.refId === "string" ? source.refId : refId,
    fields,
    notices,
  };
}

export function parseGrafanaJson(document: unknown, context: ParseContext, set: SeriesSet): void {
  const frames = framesOf(document, context);
  const timeReader = new TimeReader(context.timeZone, "ms");
  for (const frame of frames) {
    for (const notice of frame.notices) {
      warn(context, `Grafana: ${notice}`);
      if (/limit|truncat|partial|too many/i.test(notice))
        markPartial(context, "Grafana says the query result was limited or truncated: points may be missing.");
    }
    const timeField = frame.fields.find((field) => field.type === "time") ?? frame.fields.find((field) => /^time$/i.test(field.name));
    if (!timeField) continue;
    const times = timeField.values.map((value) => (typeof value === "number" ? value : typeof value === "string" ? timeReader.read(value) : Number.NaN));
    const numberFields = frame.fields.filter(
      (field) => field !== timeField && (field.type === "number" || (field.type === "" && field.values.some((v) => typeof v === "number"))),
    );
    const labelFields = frame.fields.filter((field) => field !== timeField && field.type === "string");
    const singleValue = numberFields.length === 1;
    const groups = new Map<string, SeriesBuilder>();
    for (const field of numberFields) {
      const labels = { ...field.labels };
      const name = seriesName(field, frame, labels, singleValue);
      const unit = normalizeUnit(typeof field.config.unit === "string" ? field.config.unit : null);
      const wide = labelFields.length ? null : set.get(name, labels, unit);
      for (let row = 0; row < times.length; row++) {
        const time = times[row];
        if (time !== time) continue;
        let builder: SeriesBuilder;
        if (!wide) {
          let key = field.name;
          for (const labelField of labelFields) key += `\u0001${String(labelField.values[row] ?? "")}`;
          let found = groups.get(key);
          if (!found) {
            const rowLabels = { ...labels };
            for (const labelField of labelFields) rowLabels[labelField.name] = String(labelField.values[row] ?? "");
            found = set.get(name, rowLabels, unit);
            groups.set(key, found);
          }
          builder = found;
        } else {
          builder = wide;
        }
        const value = field.values[row];
        builder.push(time, typeof value === "number" ? value : Number.NaN);
      }
    }
  }
  if (timeReader.localCount) warn(context, `Some times have no UTC offset; they were read as ${context.timeZone}.`);
}

/** Takes `__name__` out of the labels (it is the name, not a label). */
function seriesName(field: Field, frame: Frame, labels: Record<string, string>, singleValue: boolean): string {
  const metricName = labels.__name__;
  delete labels.__name__;
  const displayName = field.config.displayName ?? field.config.displayNameFromDS;
  if (typeof displayName === "string" && displayName && !displayName.includes("${")) return displayName;
  if (metricName) return metricName;
  if (singleValue && frame.name) return frame.name;
  return field.name;
}
