import path from "node:path";
import { describe, expect, it } from "vitest";
import { loggablePath, OTHER_ROUTE, patternsFromAppFolder, routeMatcher, routePatternOf } from "@/lib/observability/route-pattern";

describe("route patterns", () => {
  const match = routeMatcher(["/", "/incidents", "/incidents/new", "/incidents/[id]", "/incidents/[id]/edit", "/api/auth/[...nextauth]", "/docs/[[...slug]]"]);

  it("names a path by the route it reaches: literal segments before [params], [params] before catch-alls", () => {
    expect(match("/")).toBe("/");
    expect(match("/incidents")).toBe("/incidents");
    expect(match("/incidents/")).toBe("/incidents");
    expect(match("/incidents/new")).toBe("/incidents/new");
    expect(match("/incidents/INC-2024-0001")).toBe("/incidents/[id]");
    expect(match("/incidents/INC-2024-0001/edit")).toBe("/incidents/[id]/edit");
    expect(match("/api/auth/callback/oidc")).toBe("/api/auth/[...nextauth]");
    expect(match("/docs")).toBe("/docs/[[...slug]]");
    expect(match("/docs/a/b")).toBe("/docs/[[...slug]]");
  });

  it("puts every path that is no route under one label, and static files under another, so the label set stays fixed", () => {
    expect(match("/wp-admin/setup.php")).toBe(OTHER_ROUTE);
    expect(match("/incidents/INC-1/edit/more")).toBe(OTHER_ROUTE);
    expect(match("/api/auth")).toBe(OTHER_ROUTE);
    expect(match("//incidents")).toBe(OTHER_ROUTE);
    expect(match("/_next/static/chunks/app-1234.js")).toBe("/_next/static");
  });

  it("reads the app's own routes from the app folder, route groups left out", () => {
    const patterns = patternsFromAppFolder(path.join(process.cwd(), "app"));
    expect(patterns).toEqual(
      expect.arrayContaining(["/incidents/[id]", "/api/calendar/[file]", "/unsubscribe/[token]", "/api/v1/incidents/[id]/timeline/[eventId]"]),
    );
    expect(patterns.some((pattern) => pattern.includes("("))).toBe(false);
    expect(routePatternOf("/incidents/INC-9/revisions/3?tab=diff")).toBe("/incidents/[id]/revisions/[n]");
    expect(routePatternOf("/favicon.svg")).toBe("/favicon.svg");
  });

  it("never lets a credential in a path or a query string into the logged path", () => {
    const feed = "/api/calendar/3q2-7bX_abcdefghijklmnopqrstuvwxyz0123456789A.ics";
    expect(loggablePath(`${feed}?x=1`, routePatternOf(feed))).toBe("/api/calendar/[file]");
    expect(loggablePath("/api/calendar/secret/extra", OTHER_ROUTE)).toBe(OTHER_ROUTE);
    expect(loggablePath("/unsubscribe/6f1c2b7e-4a43", "/unsubscribe/[token]")).toBe("/unsubscribe/[token]");
    expect(loggablePath("/api/unsubscribe/6f1c2b7e-4a43", "/api/unsubscribe/[token]")).toBe("/api/unsubscribe/[token]");
    expect(loggablePath("http://hindsight.example/api/calendar/secret.ics", "other")).toBe("other");
    expect(loggablePath("/incidents/INC-1?access_token=abc", "/incidents/[id]")).toBe("/incidents/INC-1");
  });
});
