import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import {
  changeIsServerSettings,
  changeNeedsRestart,
  documentSelector,
  languagesFromActivationEvents,
  toServerSettings,
} from "../../src/settings";

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

test("rules become the server's severity map; default means leave it out", () => {
  const settings = toServerSettings(
    reader({ inlayHints: false, rules: { "unassigned-code": "error", "server-only-code": "off", "reserved-code": "default" } }),
  );
  assert.deepEqual(settings, {
    inlayHints: false,
    severity: { "unassigned-code": "error", "server-only-code": "off" },
  });
});

test("unset settings give the server's defaults", () => {
  assert.deepEqual(toServerSettings(reader({})), { inlayHints: true, severity: {} });
  assert.deepEqual(toServerSettings(reader({ rules: null, inlayHints: null })), { inlayHints: true, severity: {} });
});

test("a changed path restarts; a changed rule is sent live; other changes are ignored", () => {
  const only = (section: string) => (s: string) => s === section;
  assert.equal(changeNeedsRestart(only("wslsp.path")), true);
  assert.equal(changeNeedsRestart(only("wslsp.rules")), false);
  assert.equal(changeIsServerSettings(only("wslsp.rules")), true);
  assert.equal(changeIsServerSettings(only("wslsp.inlayHints")), true);
  assert.equal(changeIsServerSettings(only("editor.fontSize")), false);
  assert.equal(changeNeedsRestart(only("editor.fontSize")), false);
});

// The manifest, as VS Code reads it: the tests run from out/test/unit/.
const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8"));

test("the document selector is the manifest's onLanguage events", () => {
  const languages = languagesFromActivationEvents(manifest.activationEvents);
  for (const id of ["javascript", "javascriptreact", "typescript", "typescriptreact", "python", "go", "rust"]) {
    assert.ok(languages.includes(id), id);
  }
  assert.deepEqual(languagesFromActivationEvents(["onCommand:x", "onLanguage:go"]), ["go"]);
});

test("the selector takes files and unsaved buffers, not diff views", () => {
  assert.deepEqual(documentSelector(["go"]), [
    { scheme: "file", language: "go" },
    { scheme: "untitled", language: "go" },
  ]);
});

test("every rule the manifest offers accepts exactly the server's levels", () => {
  const rules = manifest.contributes.configuration.properties["wslsp.rules"].properties;
  assert.ok(Object.keys(rules).length > 0);
  for (const [rule, schema] of Object.entries<{ enum: string[] }>(rules)) {
    assert.deepEqual([...schema.enum].sort(), ["default", "error", "hint", "info", "off", "warning"], rule);
  }
});
