import { describe, expect, it } from "vitest";
import { fieldLabel } from "@/components/incidents/import/field-labels";
import { REPORT_FIELD_LABELS } from "@/lib/incidents/report-diff";

describe("import preview field labels", () => {
  it("names list items one by one, parts of items, and section headings by the section", () => {
    expect(fieldLabel("timeline[3]")).toBe("Timeline 4");
    expect(fieldLabel("contributingFactors[0]")).toBe("Contributing factor 1");
    expect(fieldLabel("extraSections[0].body")).toBe("Extra section 1 text");
    expect(fieldLabel("section:rootCause")).toBe("Root cause heading");
    expect(fieldLabel("section:services")).toBe("Affected services heading");
    expect(fieldLabel("followUp.scheduledAt")).toBe("Follow-up date");
    expect(fieldLabel("someNewKey")).toBe("Some new key");
  });

  it("calls a report field what revisions and history call it", () => {
    for (const field of ["publicId", "detectedAt", "impact.errorRate", "supportingInfo"] as const) {
      expect(fieldLabel(field)).toBe(REPORT_FIELD_LABELS[field]);
    }
  });
});
