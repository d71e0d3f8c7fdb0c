"use client";

import { useActionState, useRef, type ReactNode } from "react";
import type { ActionPrevState, ActionState } from "@/lib/actions/action-state";
import type { Settings } from "@/lib/settings/schema";
import { postmortemPolicy } from "@/lib/incidents/postmortem-due";
import { Field, FormMessage, inputClass } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

type SettingsAction = (prev: ActionPrevState<{ stamp: string }>, formData: FormData) => Promise<ActionState<{ stamp: string }>>;

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg bg-white p-6 shadow ring-1 ring-slate-200">
      {/* float: a legend then lays out like a heading instead of sitting on the fieldset's edge */}
      <legend className="float-left mb-4 w-full text-lg font-semibold">{title}</legend>
      <div className="clear-both grid gap-5 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

/**
 * All instance settings in one form, each error under its own field. Field names are the setting keys, so the
 * errors the server returns (keyed by setting) land where they belong.
 */
export function SettingsForm({
  settings,
  stamp,
  attachmentMaxMbOverride,
  action,
}: {
  settings: Settings;
  stamp: string;
  attachmentMaxMbOverride: number | null;
  action: SettingsAction;
}) {
  // The stamp of the values this form started from; each successful save moves it on (see updateSettings).
  const loadedStamp = useRef(stamp);
  const [state, formAction, pending] = useActionState<ActionState<{ stamp: string }> | null, FormData>(async (prev, formData) => {
    formData.set("expectedStamp", loadedStamp.current);
    const result = await action(prev, formData);
    if (result.ok && result.data) loadedStamp.current = result.data.stamp;
    return result;
  }, null);
  const failure = state && !state.ok ? state : null;
  const error = (key: keyof Settings) => failure?.fieldErrors[key];
  // after a refused save the fields show what was typed, not the stored values
  const value = (key: keyof Settings, stored: string) => failure?.values?.[key] ?? stored;
  const invalid = (key: keyof Settings) => (error(key) ? { "aria-invalid": true, "aria-describedby": `${key}-error` } : {});
  /** A yes/no setting: a checkbox with its label and hint, showing what was sent after a refused save. */
  const checkbox = (key: "reviews.allowSelfApproval" | "reminders.windowWeekdaysOnly", label: string, hint: string) => (
    <div className="space-y-1 sm:col-span-2">
      <div className="flex items-start gap-3">
        <input
          id={key}
          name={key}
          type="checkbox"
          className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600"
          defaultChecked={failure?.values ? failure.values[key] === "true" : settings[key]}
          {...invalid(key)}
        />
        <label htmlFor={key} className="text-sm">
          <span className="font-medium text-slate-700">{label}</span>
          <span className="block text-xs text-slate-500">{hint}</span>
        </label>
      </div>
      {error(key) ? (
        <p id={`${key}-error`} className="text-sm text-red-700" data-testid={`${key}-error`}>
          {error(key)}
        </p>
      ) : null}
    </div>
  );

  return (
    <form action={formAction} noValidate className="space-y-6" data-testid="settings-form">
      <Group title="Incidents">
        <Field
          label="Severity scale"
          name="severity.scale"
          error={error("severity.scale")}
          hint="One name per line, most severe first: 2 to 8 different names."
        >
          <textarea
            id="severity.scale"
            name="severity.scale"
            rows={6}
            className={inputClass}
            defaultValue={value("severity.scale", settings["severity.scale"].join("\n"))}
            {...invalid("severity.scale")}
          />
        </Field>
        <div className="self-start rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200" data-testid="severity-scale-note">
          Changing the scale does not rewrite existing incidents: they keep the severity they have. A report whose severity is no longer on the scale shows it
          as it is, and keeps it until someone picks a new one.
        </div>
        <Field
          label="Largest attachment (MB)"
          name="attachments.maxMb"
          error={error("attachments.maxMb")}
          hint={
            attachmentMaxMbOverride !== null ? (
              <span data-testid="attachment-override">
                This server sets HINDSIGHT_ATTACHMENT_MAX_MB={attachmentMaxMbOverride}, which takes precedence; the value here applies when that variable is
                unset.
              </span>
            ) : (
              "Between 1 and 1024. Uploads above this size are refused."
            )
          }
        >
          <input
            id="attachments.maxMb"
            name="attachments.maxMb"
            type="number"
            min={1}
            max={1024}
            step={1}
            inputMode="numeric"
            className={inputClass}
            defaultValue={value("attachments.maxMb", String(settings["attachments.maxMb"]))}
            {...invalid("attachments.maxMb")}
          />
        </Field>
      </Group>

      <Group title="Postmortems">
        <Field
          label="Severities that require a postmortem"
          name="postmortem.requiredSeverities"
          error={error("postmortem.requiredSeverities")}
          hint={`One name from the severity scale per line; names not on the scale are ignored. Empty: the two most severe. Now required: ${
            postmortemPolicy(settings).severities.join(", ") || "none"
          }.`}
        >
          <textarea
            id="postmortem.requiredSeverities"
            name="postmortem.requiredSeverities"
            rows={4}
            className={inputClass}
            placeholder={settings["severity.scale"].slice(0, 2).join("\n")}
            defaultValue={value("postmortem.requiredSeverities", (settings["postmortem.requiredSeverities"] ?? []).join("\n"))}
            {...invalid("postmortem.requiredSeverities")}
          />
        </Field>
        <Field
          label="Due after (business days)"
          name="postmortem.dueBusinessDays"
          error={error("postmortem.dueBusinessDays")}
          hint="A required postmortem must be approved within this many business days (Monday to Friday) of the incident's end, counted in the author's time zone. Between 1 and 60."
        >
          <input
            id="postmortem.dueBusinessDays"
            name="postmortem.dueBusinessDays"
            type="number"
            min={1}
            max={60}
            step={1}
            inputMode="numeric"
            className={inputClass}
            defaultValue={value("postmortem.dueBusinessDays", String(settings["postmortem.dueBusinessDays"]))}
            {...invalid("postmortem.dueBusinessDays")}
          />
        </Field>
      </Group>

      <Group title="Reviews">
        {checkbox("reviews.allowSelfApproval", "Authors may approve their own reports", "Off: whoever wrote a report cannot also approve it.")}
      </Group>

      <Group title="Reminders">
        {(
          [
            ["reminders.dueSoonDays", "Action item due soon (days)", "Owners are reminded when an item is due within this many days.", 1, 90],
            [
              "reminders.followUpSoonDays",
              "Follow-up review soon (days)",
              "Attendees are reminded when a follow-up review is this many days away or less.",
              1,
              90,
            ],
            ["reminders.reviewWaitingDays", "Review waiting (days)", "Reviewers are reminded when a report has waited this many days.", 1, 90],
            ["reminders.overdueDailyDays", "Overdue: daily for (days)", "An overdue item is in its owner's reminder mail every day for this many days…", 0, 60],
            ["reminders.overdueRepeatDays", "…then every (days)", "…and after that every this many days.", 1, 90],
            ["reminders.overdueDigestOnlyAfterDays", "Weekly only after (days)", "Items overdue longer than this are listed once a week only.", 1, 3650],
            [
              "reminders.windowStartHour",
              "Send from (hour)",
              "Reminder mail goes out between these hours of each recipient's own day; outside them it waits.",
              0,
              23,
            ],
            ["reminders.windowEndHour", "Send until (hour)", "24 means until midnight.", 1, 24],
          ] as const
        ).map(([key, label, hint, min, max]) => (
          <Field key={key} label={label} name={key} error={error(key)} hint={`${hint} Between ${min} and ${max}.`}>
            <input
              id={key}
              name={key}
              type="number"
              min={min}
              max={max}
              step={1}
              inputMode="numeric"
              className={inputClass}
              defaultValue={value(key, String(settings[key]))}
              {...invalid(key)}
            />
          </Field>
        ))}
        {checkbox(
          "reminders.windowWeekdaysOnly",
          "Weekdays only",
          "Reminder mail waits for Monday in each recipient's zone. Review notifications are never held back.",
        )}
      </Group>

      <Group title="Email">
        <div className="sm:col-span-2">
          <Field
            label="Address of this instance"
            name="instance.baseUrl"
            error={error("instance.baseUrl")}
            hint="Optional. The address people open Hindsight at, used to build links in email, e.g. https://hindsight.example.com."
          >
            <input
              id="instance.baseUrl"
              name="instance.baseUrl"
              type="url"
              className={inputClass}
              placeholder="https://hindsight.example.com"
              defaultValue={value("instance.baseUrl", settings["instance.baseUrl"] ?? "")}
              {...invalid("instance.baseUrl")}
            />
          </Field>
        </div>
      </Group>

      <div className="flex flex-wrap items-center gap-3" aria-live="polite">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
        <FormMessage message={failure?.message} />
        {state?.ok ? <FormMessage tone="success" message={state.message} /> : null}
      </div>
    </form>
  );
}
