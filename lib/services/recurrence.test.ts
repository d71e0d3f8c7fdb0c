import { describe, expect, it } from "vitest";
import { causeSimilarity, groupSimilarCauses, type CauseTerms } from "@/lib/services/recurrence";

const incident = (id: string, text: string): CauseTerms => {
  const lexemes = text.split(" ");
  return { id, lexemes, words: Object.fromEntries(lexemes.map((lexeme) => [lexeme, `${lexeme}s`])) };
};
const options = { minSimilarity: 0.5, minShared: 3 };

describe("causeSimilarity", () => {
  it("is the cosine of the two term sets", () => {
    expect(causeSimilarity(new Set(["a", "b", "c", "d"]), new Set(["a", "b", "c", "e"]))).toEqual({ shared: 3, similarity: 0.75 });
    expect(causeSimilarity(new Set(), new Set(["a"]))).toEqual({ shared: 0, similarity: 0 });
  });
});

describe("groupSimilarCauses", () => {
  it("groups each incident with the later ones similar to it, largest group first, and names what they share", () => {
    const groups = groupSimilarCauses(
      [
        incident("new-pool", "pool exhaust connect leak"),
        incident("cert", "certif expir renew cron"),
        incident("old-pool", "pool exhaust connect burst"),
        incident("older-pool", "pool exhaust connect leak"),
        incident("old-cert", "certif expir renew manual"),
        incident("alone", "disk full log rotat"),
      ],
      options,
    );
    expect(groups.map((group) => group.incidents.map((member) => member.id))).toEqual([
      ["new-pool", "old-pool", "older-pool"],
      ["cert", "old-cert"],
    ]);
    expect(groups[0]!.terms).toEqual(["connects", "exhausts", "pools", "leaks"]);
  });

  it("does not chain: an incident like the second but not the first is not pulled into the first's group", () => {
    const groups = groupSimilarCauses([incident("a", "w1 w2 w3 w4 w5 w6"), incident("b", "w1 w2 w3 w4 x5 x6"), incident("c", "w1 w2 x3 x4 x5 x6")], options);
    expect(groups.map((group) => group.incidents.map((member) => member.id))).toEqual([["a", "b"]]);
  });

  it("needs enough shared terms, not only a high ratio", () => {
    expect(groupSimilarCauses([incident("a", "x y"), incident("b", "x y")], options)).toEqual([]);
  });
});
