"use client";

// Paste or open a report, preview what it becomes, then create it. The preview belongs to the exact text and zone
// it was made from: change either and it must be made again before "Create report" comes back. Text and Markdown
// files are read here; an HTML page or a Word document goes to the server, which sends back its text as Markdown for
// the text box, to be checked before the preview.
import { startTransition, useActionState, useState, useTransition, type ChangeEvent, type FormEvent } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { ImportPreview as ImportPreviewData } from "@/lib/incidents/import";
import { fileKindFromName, formatMegabytes, KIND_NAMES, MAX_DOCX_BYTES, MAX_HTML_BYTES, REPORT_FILE_ACCEPT } from "@/lib/incidents/report-formats/file-kinds";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { convertOnServer } from "@/components/incidents/import/convert-file";
import { ImportPreview } from "@/components/incidents/import/import-preview";
import { listedTimeZone, sameTimeZone } from "@/components/incidents/import/time-zone-choice";

type FormAction<T> = (prev: ActionPrevState<T>, formData: FormData) => Promise<ActionState<T>>;
type Submitted = { text: string; timeZone: string };

/**
 * While a preview in another zone is on its way, the one on screen shows that zone chosen in its questions: the answer
 * the person just clicked stays selected instead of jumping back until the new preview arrives.
 */
function withZoneChosen(preview: ImportPreviewData, zone: string): ImportPreviewData {
  if (!preview.questions?.length) return preview;
  return {
    ...preview,
    questions: preview.questions.map((question) => {
      const choice = question.choices.find((c) => sameTimeZone(c.zone, zone));
      return choice ? { ...question, chosen: choice.zone } : question;
    }),
  };
}

function failure(message: string): ActionState<never> {
  return { ok: false, message, fieldErrors: {} };
}

function sizeError(bytes: number, maxBytes: number): string | null {
  return bytes > maxBytes ? `The report text is ${bytes.toLocaleString("en-US")} bytes; the limit is 1 MB (${maxBytes.toLocaleString("en-US")} bytes).` : null;
}

/** A file the server converts: an HTML page, a Word document, or one whose name says nothing (the server looks). */
function convertedFileSizeError(file: File): string | null {
  const limit = fileKindFromName(file.name) === "html" ? MAX_HTML_BYTES : MAX_DOCX_BYTES;
  const what = fileKindFromName(file.name) === "html" ? "an HTML page" : "a Word document";
  return file.size > limit ? `${file.name} is ${formatMegabytes(file.size)}; ${what} may be at most ${formatMegabytes(limit)}.` : null;
}

export function ImportForm({
  previewAction,
  createAction,
  defaultTimeZone,
  timeZones,
  maxBytes,
}: {
  previewAction: FormAction<ImportPreviewData>;
  createAction: FormAction<unknown>;
  defaultTimeZone: string;
  timeZones: string[];
  maxBytes: number;
}) {
  const [text, setText] = useState("");
  const [timeZone, setTimeZone] = useState(defaultTimeZone);
  const [fileName, setFileName] = useState<string | null>(null);
  const [conversion, setConversion] = useState<{ fileName: string; message: string; notes: string[] } | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);
  const [converting, startConverting] = useTransition();

  // A request the server refuses before the action runs (a body over the server-action limit) rejects the call:
  // shown as a message, not the error page.
  const [preview, dispatchPreview, previewing] = useActionState(async (prev: ActionPrevState<ImportPreviewData>, formData: FormData) => {
    try {
      return await previewAction(prev, formData);
    } catch {
      return failure("The report could not be sent for a preview. Try again; if it is close to 1 MB, shorten it.");
    }
  }, null);
  const [created, dispatchCreate, creating] = useActionState(createAction, null);

  const current = submitted !== null && submitted.text === text && submitted.timeZone === timeZone;
  const previewData = preview?.ok && current ? preview.data : undefined;
  const previewError = preview && !preview.ok && current ? preview : null;

  function send(dispatch: (formData: FormData) => void, values: Submitted = { text, timeZone }) {
    const formData = new FormData();
    formData.set("text", values.text);
    formData.set("timeZone", values.timeZone);
    startTransition(() => dispatch(formData));
  }

  // The preview asks which zone an abbreviation such as IST means: the answer becomes the form's zone and the same
  // text is previewed again in it.
  // The list may spell the zone the old way (Asia/Calcutta for Asia/Kolkata): the list's spelling is selected.
  function chooseTimeZone(zone: string) {
    const listed = listedTimeZone(zone, timeZones);
    if (!listed) {
      setLocalError(`${zone} is not a time zone this server knows; choose one from the list.`);
      return;
    }
    setTimeZone(listed);
    setLocalError(null);
    setSubmitted({ text, timeZone: listed });
    send(dispatchPreview, { text, timeZone: listed });
  }

  function onPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const tooLarge = sizeError(new TextEncoder().encode(text).byteLength, maxBytes);
    setLocalError(tooLarge ?? (!text.trim() ? "The report text is empty: paste the report you want to import, or open a file." : null));
    if (tooLarge || !text.trim()) return;
    setSubmitted({ text, timeZone });
    send(dispatchPreview);
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setConversion(null);
    if (fileKindFromName(file.name) !== "text") {
      convert(file);
      return;
    }
    const tooLarge = sizeError(file.size, maxBytes);
    setLocalError(tooLarge);
    if (tooLarge) return;
    setFileName(file.name);
    setText(await file.text());
  }

  function convert(file: File) {
    const tooLarge = convertedFileSizeError(file);
    setLocalError(tooLarge);
    if (tooLarge) return;
    startConverting(async () => {
      const state = await convertOnServer(file);
      if (!state.ok) {
        setLocalError(state.message);
        return;
      }
      const converted = state.data;
      setText(converted.text);
      setFileName(file.name);
      setConversion({
        fileName: file.name,
        message:
          converted.format === "text"
            ? `Loaded ${file.name}. You can still edit the text above.`
            : `Converted from ${KIND_NAMES[converted.format]} (${file.name}): check the text, then Preview.`,
        notes: converted.notes,
      });
    });
  }

  const createError = created && !created.ok ? created.message : null;

  return (
    <div className="space-y-6">
      <form onSubmit={onPreview} className="space-y-4 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200" noValidate data-testid="import-form">
        <FormMessage message={localError ?? previewError?.message} />
        {conversion ? (
          <div className="rounded-md bg-sky-50 p-3 text-sm text-sky-900 ring-1 ring-sky-200" data-testid="conversion-notice">
            <p>{conversion.message}</p>
            {conversion.notes.length ? (
              <ul className="mt-1 list-disc pl-5">
                {conversion.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <Field label="Report text" name="text" hint="Plain text with underlined headings, or Markdown, up to 1 MB.">
          <textarea
            id="text"
            name="text"
            value={text}
            onChange={(event) => setText(event.target.value)}
            rows={16}
            spellCheck={false}
            placeholder={"INCIDENT REPORT - What happened\n===============================\n\nIncident ID: INC-2024-1127-001\nSeverity: High\n..."}
            className={`${inputClass} font-mono text-xs`}
          />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Or open a file"
            name="file"
            hint={
              converting
                ? "Converting…"
                : fileName
                  ? `Loaded ${fileName}. You can still edit the text above.`
                  : ".txt or .md (read in your browser), .html from Confluence or Google Docs, or .docx from Word (converted to Markdown)."
            }
          >
            <input
              id="file"
              type="file"
              accept={REPORT_FILE_ACCEPT}
              onChange={onFile}
              disabled={converting}
              className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-semibold hover:file:bg-slate-200"
            />
          </Field>
          <Field label="Time zone of the report" name="timeZone" hint="For times written without a zone. A zone the report names itself wins.">
            <select id="timeZone" name="timeZone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)} className={inputClass}>
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Button type="submit" disabled={previewing || converting}>
          {previewing ? "Reading…" : "Preview"}
        </Button>
      </form>

      {previewData ? (
        <>
          <ImportPreview preview={previewing ? withZoneChosen(previewData, timeZone) : previewData} onChooseTimeZone={chooseTimeZone} />
          <div className="sticky bottom-0 z-10 flex flex-wrap items-center gap-3 rounded-lg bg-white p-4 shadow-lg ring-1 ring-slate-200">
            <Button type="button" disabled={creating} onClick={() => send(dispatchCreate)}>
              {creating ? "Creating…" : "Create report"}
            </Button>
            <span className="text-sm text-slate-600">Creates the report as a draft you can edit.</span>
            {createError ? (
              <div className="w-full">
                <FormMessage message={createError} />
              </div>
            ) : null}
          </div>
        </>
      ) : submitted && !current && preview?.ok ? (
        <p className="text-sm text-slate-600" data-testid="preview-outdated">
          The text or time zone changed since the preview: preview again to create the report.
        </p>
      ) : null}
    </div>
  );
}
