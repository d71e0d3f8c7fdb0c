-- The author's words beside the typed values (issue 14): an impact line, a configuration note or a deployment change
-- is shown as written, with the numbers read from it next to it.
ALTER TABLE "ImpactMetric" ADD COLUMN "statement" TEXT;
ALTER TABLE "ConfigurationEntry" ADD COLUMN "statement" TEXT;
ALTER TABLE "DeploymentChange" ADD COLUMN "statement" TEXT;

-- Until now the importer kept an impact line as written in the metric's note (the page never showed notes): that text
-- is the author's sentence, so it moves to where the page shows it.
UPDATE "ImpactMetric" SET "statement" = "note", "note" = NULL WHERE "note" IS NOT NULL;
