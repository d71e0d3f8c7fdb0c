"use client";

// Paste or open a report, preview what it becomes, then create it. The preview belongs to the exact text and zone
// it was made from: change either and it must be made again before "Create report" comes back.
import { startTransition, useActionState, useState, type ChangeEvent, type FormEvent } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { ImportPreview as ImportPreviewData } from "@/lib/incidents/import";
import { Button } from "@/components/ui/button";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { ImportPreview } from "@/components/incidents/import/import-preview";

type FormAction<T> = (prev: ActionPrevState<T>, formData: FormData) => Promise<ActionState<T>>;
type Submitted = { text: string; timeZone: string };

function failure(message: string): ActionState<never> {
  return { ok: false, message, fieldErrors: {} };
}

function sizeError(bytes: number, maxBytes: number): string | null {
  return bytes > maxBytes ? `The report text is ${bytes.toLocaleString("en-US")} bytes; the limit is 1 MB (${maxBytes.toLocaleString("en-US")} bytes).` : null;
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
  const [localError, setLocalError] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState<Submitted | null>(null);

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

  function send(dispatch: (formData: FormData) => void) {
    const formData = new FormData();
    formData.set("text", text);
    formData.set("timeZone", timeZone);
    startTransition(() => dispatch(formData));
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
    const tooLarge = sizeError(file.size, maxBytes);
    setLocalError(tooLarge);
    if (tooLarge) return;
    setFileName(file.name);
    setText(await file.text());
  }

  const createError = created && !created.ok ? created.message : null;

  return (
    <div className="space-y-6">
      <form onSubmit={onPreview} className="space-y-4 rounded-lg bg-white p-6 shadow ring-1 ring-slate-200" noValidate data-testid="import-form">
        <FormMessage message={localError ?? previewError?.message} />
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
            hint={fileName ? `Loaded ${fileName}. You can still edit the text above.` : ".txt or .md; it is read in your browser."}
          >
            <input
              id="file"
              type="file"
              accept=".txt,.md,.markdown,text/plain,text/markdown"
              onChange={onFile}
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
        <Button type="submit" disabled={previewing}>
          {previewing ? "Reading…" : "Preview"}
        </Button>
      </form>

      {previewData ? (
        <>
          <ImportPreview preview={previewData} />
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
