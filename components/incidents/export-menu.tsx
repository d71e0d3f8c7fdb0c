// Downloads of the report (Markdown, JSON, the plain-text shape teams paste into wikis) and printing it, which the
// print stylesheet in app/globals.css turns into a clean PDF. Hidden when printing. Rendered on the server: only the
// print button needs the browser.
import { buttonClass } from "@/components/ui/button";
import { PrintButton } from "@/components/incidents/print-button";

const FORMATS = [
  { format: "md", label: "Markdown", hint: ".md, re-imports as the same report" },
  { format: "txt", label: "Plain text", hint: ".txt, the shape of the sample report" },
  { format: "json", label: "JSON", hint: ".json, the API's shape" },
] as const;

export function ExportMenu({ publicId, className = "" }: { publicId: string; className?: string }) {
  const base = `/incidents/${encodeURIComponent(publicId)}/export`;
  return (
    <div className={`no-print flex flex-wrap items-center justify-end gap-2 ${className}`} data-testid="export-menu">
      <details className="relative">
        <summary className={buttonClass("secondary", "cursor-pointer list-none")}>Export</summary>
        <div className="absolute right-0 z-20 mt-2 w-72 rounded-md bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
          {FORMATS.map(({ format, label, hint }) => (
            <a key={format} href={`${base}?format=${format}`} download={`${publicId}.${format}`} className="block px-4 py-2 text-slate-700 hover:bg-slate-50">
              <span className="font-medium">{label}</span>
              <span className="block text-xs text-slate-500">{hint}</span>
            </a>
          ))}
        </div>
      </details>
      <PrintButton />
    </div>
  );
}
