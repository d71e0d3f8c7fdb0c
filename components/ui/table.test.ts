// The table primitives rendered as the server sends them: what a screen reader is told about the table.
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Table, TableBody, TableCell, TableEmptyRow, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";

const render = (caption?: string, captionVisible?: boolean) =>
  renderToStaticMarkup(
    h(
      Table,
      { caption, captionVisible, id: "people" },
      h(TableHead, null, h("tr", null, h(TableHeaderCell, null, "Name"), h(TableHeaderCell, { className: "hidden md:table-cell" }, "Team"))),
      h(TableBody, null, h(TableRow, null, h(TableHeaderCell, { scope: "row" }, "Ada"), h(TableCell, null, "Core"))),
    ),
  );

describe("Table", () => {
  it("marks header cells as column headers, and a row's own label as a row header", () => {
    const html = render();
    expect(html).toContain('<th scope="col" class="px-4 py-3">Name</th>');
    expect(html).toContain('<th scope="col" class="px-4 py-3 hidden md:table-cell">Team</th>');
    expect(html).toContain('<th scope="row" class="px-4 py-3">Ada</th>');
  });

  it("names the table with a caption that only screen readers see unless asked", () => {
    expect(render("Team members")).toContain('<caption class="sr-only">Team members</caption>');
    expect(render("Team members", true)).not.toContain("sr-only");
    expect(render()).not.toContain("<caption");
  });

  it("keeps attributes such as the id on the table itself, inside the scrolling card", () => {
    expect(render()).toMatch(/^<div class="overflow-x-auto[^"]*"><table class="[^"]*" id="people">/);
  });

  it("says an empty list across every column", () => {
    const html = renderToStaticMarkup(h("table", null, h("tbody", null, h(TableEmptyRow, { columns: 4, children: "No services yet." }))));
    expect(html).toContain('<td colSpan="4"');
    expect(html).toContain("No services yet.");
  });
});
