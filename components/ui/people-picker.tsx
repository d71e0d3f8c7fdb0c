"use client";

// Choosing several people out of many: the chosen ones as chips (each a hidden form field named `name`), and a search
// field that offers the first matches by name or email. A list of every person as checkboxes was unusable past a few
// dozen people, and made every report page carry hundreds of form controls.
import { useId, useMemo, useState } from "react";
import { inputClass } from "@/components/ui/field";

export type PickablePerson = { id: string; name: string; email: string };

const SHOWN_MATCHES = 8;

export function PeoplePicker({
  name,
  label,
  people,
  initial = [],
}: {
  /** the form field each chosen person's id is sent as */
  name: string;
  label: string;
  people: PickablePerson[];
  initial?: string[];
}) {
  const id = useId();
  const [chosen, setChosen] = useState<string[]>(() => initial.filter((personId) => people.some((person) => person.id === personId)));
  const [query, setQuery] = useState("");
  const byId = useMemo(() => new Map(people.map((person) => [person.id, person])), [people]);
  const needle = query.trim().toLowerCase();
  const matches = needle
    ? people
        .filter((person) => !chosen.includes(person.id) && (person.name.toLowerCase().includes(needle) || person.email.toLowerCase().includes(needle)))
        .slice(0, SHOWN_MATCHES)
    : [];

  const add = (personId: string) => {
    setChosen((current) => (current.includes(personId) ? current : [...current, personId]));
    setQuery("");
  };
  return (
    <div className="space-y-2" data-testid={`people-picker-${name}`}>
      {chosen.length ? (
        <ul className="flex flex-wrap gap-1" aria-label={`${label}: chosen`}>
          {chosen.map((personId) => {
            const person = byId.get(personId)!;
            return (
              <li key={personId} className="flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pl-2 pr-1 text-sm text-indigo-900">
                <input type="hidden" name={name} value={personId} />
                {person.name}
                <button
                  type="button"
                  className="rounded-full px-1 text-indigo-700 hover:bg-indigo-100"
                  aria-label={`Remove ${person.name}`}
                  onClick={() => setChosen((current) => current.filter((other) => other !== personId))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">Nobody yet.</p>
      )}
      <div className="relative max-w-sm">
        <label htmlFor={id} className="sr-only">
          {label}: add someone
        </label>
        <input
          id={id}
          type="search"
          autoComplete="off"
          placeholder="Add someone: type a name or email"
          className={inputClass}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              // Enter picks the first match instead of submitting the form
              event.preventDefault();
              if (matches[0]) add(matches[0].id);
            }
          }}
        />
        {needle ? (
          <ul
            className="absolute z-20 mt-1 w-full overflow-hidden rounded-md bg-white text-sm shadow-lg ring-1 ring-slate-200"
            role="listbox"
            aria-label={`${label}: matches`}
          >
            {matches.length ? (
              matches.map((person) => (
                <li key={person.id} role="option" aria-selected={false}>
                  <button type="button" className="block w-full px-3 py-1.5 text-left hover:bg-slate-50" onClick={() => add(person.id)}>
                    {person.name} <span className="text-slate-500">({person.email})</span>
                  </button>
                </li>
              ))
            ) : (
              <li className="px-3 py-1.5 text-slate-500">Nobody matches “{query.trim()}”.</li>
            )}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
