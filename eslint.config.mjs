// Rules a machine checks (npm run lint, run by .ci/run before the tests). Next's recommended set (React, hooks,
// Next's own rules, TypeScript) plus the project's layering:
// - Prisma and lib/db are used only under lib/ (and the seed, scripts and tests that set up data);
// - nothing in lib/ imports components/ or app/;
// - no import cycles.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const prismaOutsideLib = {
  patterns: [
    {
      group: ["@/lib/generated/prisma/*", "!@/lib/generated/prisma/enums", "@prisma/*", "@/lib/db/client"],
      message: "Data access lives in lib/<domain>/ (CONVENTIONS.md): call its queries or mutations instead.",
    },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTypeScript,
  globalIgnores([".next/**", "out/**", "build/**", "next-env.d.ts", "lib/generated/**", "test-results/**", "playwright-report/**", ".data/**"]),
  {
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      // `_unused` names are deliberate (destructuring a field away).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**", "components/**", "proxy.ts"],
    // Tests beside a route set up their rows directly.
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", prismaOutsideLib] },
  },
  {
    files: ["lib/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/components/*", "@/app/*", "../../components/*", "../../app/*"],
              message: "lib/ holds the domain; it must not depend on what renders it (components/, app/).",
            },
          ],
        },
      ],
    },
  },
  {
    // The report writer re-reads its output through the parser's deliberate interface only.
    files: ["lib/incidents/report-export.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/incidents/report-text/*", "!@/lib/incidents/report-text/read-back", "!@/lib/incidents/report-text/shared-formats"],
              message: "The writer uses report-text/read-back.ts and report-text/shared-formats.ts, not the parser's internals.",
            },
          ],
        },
      ],
    },
  },
  {
    // The app does not run the React Compiler: these two rules flag patterns the compiler could not optimise (state
    // set when an effect starts a fetch, a hydration-safe update after mount), which are correct without it. Shown,
    // not failing.
    rules: { "react-hooks/set-state-in-effect": "warn", "react-hooks/preserve-manual-memoization": "warn" },
  },
  {
    // Server Components render once per request on the server: reading the clock there is not the impurity the rule
    // guards against (a client component re-rendering with a new value).
    files: ["app/**/page.tsx", "app/**/layout.tsx", "components/reviews/review-panel.tsx"],
    rules: { "react-hooks/purity": "off" },
  },
]);
