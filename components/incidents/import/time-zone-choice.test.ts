import { describe, expect, it } from "vitest";
import { listedTimeZone, sameTimeZone } from "@/components/incidents/import/time-zone-choice";

// The zone list as Node 20's Intl.supportedValuesOf("timeZone") spells these zones
const NODE_20_LIST = ["UTC", "Asia/Calcutta", "Asia/Saigon", "Europe/Dublin", "Europe/Kiev", "Asia/Jerusalem"];

describe("listedTimeZone", () => {
  it("finds a zone the list spells the old way", () => {
    expect(listedTimeZone("Asia/Kolkata", NODE_20_LIST)).toBe("Asia/Calcutta");
    expect(listedTimeZone("Europe/Kyiv", NODE_20_LIST)).toBe("Europe/Kiev");
    expect(listedTimeZone("Asia/Ho_Chi_Minh", NODE_20_LIST)).toBe("Asia/Saigon");
  });

  it("keeps a zone the list spells the same way, and finds a new spelling in a list that has it", () => {
    expect(listedTimeZone("Europe/Dublin", NODE_20_LIST)).toBe("Europe/Dublin");
    expect(listedTimeZone("Asia/Kolkata", ["UTC", "Asia/Kolkata"])).toBe("Asia/Kolkata");
  });

  it("is null for a zone the list does not hold, or no zone at all", () => {
    expect(listedTimeZone("America/New_York", NODE_20_LIST)).toBeNull();
    expect(listedTimeZone("Not/AZone", NODE_20_LIST)).toBeNull();
  });
});

describe("sameTimeZone", () => {
  it("is true for two spellings of one zone and false for two zones", () => {
    expect(sameTimeZone("Asia/Calcutta", "Asia/Kolkata")).toBe(true);
    expect(sameTimeZone("Europe/Dublin", "Europe/London")).toBe(false);
    expect(sameTimeZone("Nowhere/A", "Nowhere/B")).toBe(false);
  });
});
