// How the extension's settings become the server's. The server reads
// `{ "inlayHints": bool, "severity": { "<rule-id>": "error"|"warning"|"info"|"hint"|"off" } }`
// (README, "Language server"); the extension calls the severity map `wslsp.rules` and lets a
// rule say `default`, which means "leave it out".

/** The server's settings object, as `initializationOptions` and in `didChangeConfiguration`. */
export interface ServerSettings {
  inlayHints: boolean;
  severity: Record<string, string>;
}

/** A reader of the `wslsp` configuration section (`vscode.WorkspaceConfiguration.get`). */
export type SettingReader = (key: string) => unknown;

/** Maps `wslsp.inlayHints` and `wslsp.rules` to the server's settings. Values the server
 * would reject are passed on unchanged, so that its warning tells the user what was wrong. */
export function toServerSettings(get: SettingReader): ServerSettings {
  const inlayHints = get("inlayHints");
  const rules = get("rules");
  const severity: Record<string, string> = {};
  if (rules !== null && typeof rules === "object") {
    for (const [rule, level] of Object.entries(rules)) {
      if (level !== "default") severity[rule] = String(level);
    }
  }
  return { inlayHints: inlayHints !== false, severity };
}

/** Whether a configuration change needs a restart (a new binary) rather than a settings
 * update the server applies live. */
export function changeNeedsRestart(affects: (section: string) => boolean): boolean {
  return affects("wslsp.path");
}

/** Whether a configuration change is one the server should hear about. */
export function changeIsServerSettings(affects: (section: string) => boolean): boolean {
  return affects("wslsp.inlayHints") || affects("wslsp.rules");
}

/** The document selector for the languages in the extension's `activationEvents`
 * (`onLanguage:<id>`): the manifest is the one list of languages. */
export function languagesFromActivationEvents(events: readonly string[]): string[] {
  return events.filter((e) => e.startsWith("onLanguage:")).map((e) => e.slice("onLanguage:".length));
}

/** The documents the server gets: files and unsaved buffers of these languages, not the
 * virtual documents of diff views or other schemes (which would show each finding twice). */
export function documentSelector(languages: readonly string[]): { scheme: string; language: string }[] {
  return languages.flatMap((language) => [
    { scheme: "file", language },
    { scheme: "untitled", language },
  ]);
}
