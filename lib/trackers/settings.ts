// A tracker integration's settings and token, read from its row (config JSON, sealed secrets) and checked, so that
// the GitHub and Jira clients get typed values or a clear error instead of undefined fields.
import "server-only";
import type { OpenIntegration } from "@/lib/integrations/queries";
import { githubConfig, jiraConfig, type GithubConfig, type JiraConfig } from "@/lib/integrations/schema";
import { TrackerError } from "@/lib/trackers/http";

export type GithubSettings = { kind: "GITHUB"; config: GithubConfig; token: string };
export type JiraSettings = { kind: "JIRA"; config: JiraConfig; token: string };
export type TrackerSettings = GithubSettings | JiraSettings;

export function trackerSettings(integration: OpenIntegration): TrackerSettings {
  const token = integration.secrets.apiToken;
  const incomplete = () =>
    new TrackerError(`The integration "${integration.name}" has incomplete settings: enter its token and settings again at Admin > Integrations.`);
  if (integration.kind === "GITHUB") {
    const config = githubConfig.safeParse(integration.config);
    if (!config.success || !token) throw incomplete();
    return { kind: "GITHUB", config: config.data, token };
  }
  if (integration.kind === "JIRA") {
    const config = jiraConfig.safeParse(integration.config);
    if (!config.success || !token) throw incomplete();
    return { kind: "JIRA", config: config.data, token };
  }
  throw new TrackerError(`The integration "${integration.name}" is not an issue tracker (GitHub or Jira).`);
}
