// Technical details: configuration entries and deployment changes, one per line.
import { splitAttributes } from "@/lib/incidents/report-text/impact";
import type { ConfigurationEntry, DeploymentChange } from "@/lib/incidents/schema";

const CHANGE_VERBS =
  "upgraded|downgraded|updated|bumped|changed|modified|removed|added|deleted|disabled|enabled|introduced|replaced|rolled back|reverted|deployed|migrated|refactored|rewritten|patched|renamed|deprecated|moved|switched|increased|decreased|reduced|raised|lowered|released|rolled out|restored";

/** "Connection timeout: 30s (restored from 300s)", "Max connections: 200", "PostgreSQL 13.7 with connection pooling". */
export function parseConfigurationLine(text: string, scope: string | null): ConfigurationEntry {
  const canonical = /^Setting:\s*(.+)$/is.exec(text);
  if (canonical) {
    const { head, attrs } = splitAttributes(canonical[1], ["value", "previous value", "statement", "note"]);
    return {
      scope,
      key: head,
      value: attrs.get("value")?.trim() ?? "",
      previousValue: attrs.get("previous value")?.trim() || null,
      statement: attrs.get("statement")?.trim() || null,
      note: attrs.get("note") ?? null,
    };
  }
  const entry = (key: string, value: string, previousValue: string | null = null, note: string | null = null): ConfigurationEntry => ({
    scope,
    key: key.trim(),
    value: value.trim(),
    previousValue: previousValue?.trim() || null,
    // the line as written: the page shows the author's words ("restored from 300s"), the values beside them
    statement: text.trim(),
    note,
  });
  const arrow = /^(.+?)\s*[:=]\s*(.+?)\s*(?:->|→|=>)\s*(.+)$/s.exec(text);
  if (arrow) return entry(arrow[1], arrow[3], arrow[2]);
  const restored = new RegExp(`^(.+?)\\s*[:=]\\s*(.+?)\\s*\\((?:(${CHANGE_VERBS}|changed|set)\\s+)?from\\s+(.+?)\\)$`, "is").exec(text);
  if (restored) return entry(restored[1], restored[2], restored[4], restored[3]?.toLowerCase() ?? null);
  const was = /^(.+?)\s*[:=]\s*(.+?)\s*\((?:was|previously|previous|formerly|before|old)[:\s]\s*(.+?)\)$/is.exec(text);
  if (was) return entry(was[1], was[2], was[3]);
  const plain = /^(.+?)\s*(?::|=)\s*(.*)$/s.exec(text);
  if (plain) return entry(plain[1], plain[2]);
  return entry(text, "");
}

/** "Connection pool library upgraded from v1.2.3 to v2.4.1", "Connection reuse logic modified". */
export function parseDeploymentLine(text: string): DeploymentChange {
  const canonical = /^Component:\s*(.+)$/is.exec(text);
  if (canonical) {
    const { head, attrs } = splitAttributes(canonical[1], ["from", "to", "statement", "note"]);
    return {
      component: head,
      fromVersion: attrs.get("from")?.trim() || null,
      toVersion: attrs.get("to")?.trim() || null,
      statement: attrs.get("statement")?.trim() || null,
      note: attrs.get("note") ?? null,
    };
  }
  const statement = text.trim();
  const fromTo = new RegExp(`^(.+?)\\s+(${CHANGE_VERBS})\\s+from\\s+(\\S+)\\s+to\\s+(\\S+?)([.,;]?(?:\\s.*)?)$`, "is").exec(text);
  if (fromTo) {
    return { component: fromTo[1].trim(), fromVersion: fromTo[3], toVersion: fromTo[4], statement, note: `${fromTo[2]}${fromTo[5]}`.trim() };
  }
  const arrow = /^(.+?):\s*(\S+)\s*(?:->|→|=>)\s*(\S+)$/.exec(text);
  if (arrow) return { component: arrow[1].trim(), fromVersion: arrow[2], toVersion: arrow[3], statement, note: null };
  const verb = new RegExp(`^(.+?)\\s+((?:${CHANGE_VERBS})\\b.*)$`, "is").exec(text);
  if (verb) return { component: verb[1].trim(), fromVersion: null, toVersion: null, statement, note: verb[2].trim() };
  return { component: statement, fromVersion: null, toVersion: null, statement, note: null };
}
