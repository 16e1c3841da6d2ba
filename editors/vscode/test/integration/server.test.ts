// Drives the real `wslsp lsp` binary (WSLSP_BIN) with Microsoft's own client libraries, the
// ones vscode-languageclient is built on, the way the extension's client talks to it: open a
// file, pull its diagnostics (VS Code pulls), hover a close code, apply the preferred quick fix.

import * as assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { TextDocument } from "vscode-languageserver-textdocument";
import { toServerSettings } from "../../src/settings";
import {
  CodeActionKind,
  CodeActionRequest,
  type CodeAction,
  createProtocolConnection,
  type Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  type DocumentDiagnosticReport,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  type MarkupContent,
  type ProtocolConnection,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type TextEdit,
} from "vscode-languageserver-protocol/node";

const binary = process.env.WSLSP_BIN;
if (!binary) throw new Error("set WSLSP_BIN to the wslsp binary (tests/editors.rs does)");

const fixture = path.join(__dirname, "..", "..", "..", "..", "fixtures", "server.js");
const uri = pathToFileURL(fixture).href;
const STEP_MS = 30_000;

let server: ChildProcess;
let connection: ProtocolConnection;
let document: TextDocument;

/** The server's settings as the extension computes them from these VS Code settings. */
const settingsFrom = (values: Record<string, unknown>) => toServerSettings((key) => values[key]);

/** Fails after STEP_MS instead of hanging on a server that never answers. */
function within<T>(what: string, promise: Thenable<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), STEP_MS);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** The position of `code` in the first `close(<code>` of the document, plus `offset`
 * characters. */
function positionOf(code: string, offset = 0) {
  const at = document.getText().indexOf(`close(${code}`);
  assert.ok(at >= 0, `close(${code} is in the fixture`);
  return document.positionAt(at + "close(".length + offset);
}

async function pullDiagnostics(): Promise<Diagnostic[]> {
  const report: DocumentDiagnosticReport = await within(
    "textDocument/diagnostic",
    connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }),
  );
  assert.equal(report.kind, "full");
  return report.kind === "full" ? report.items : [];
}

before(async () => {
  server = spawn(binary, ["lsp"], { stdio: ["pipe", "pipe", "inherit"] });
  connection = createProtocolConnection(
    new StreamMessageReader(server.stdout!),
    new StreamMessageWriter(server.stdin!),
  );
  connection.listen();
  const init = await within(
    "initialize",
    connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          hover: { contentFormat: ["markdown", "plaintext"] },
          diagnostic: { dynamicRegistration: false },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: [CodeActionKind.QuickFix] } },
            isPreferredSupport: true,
          },
        },
      },
      // As the extension starts it: reserved-code (an error by default) lowered to a warning.
      initializationOptions: settingsFrom({ inlayHints: true, rules: { "reserved-code": "warning", "invalid-code": "default" } }),
    }),
  );
  assert.equal(init.serverInfo?.name, "wslsp");
  assert.ok(init.capabilities.diagnosticProvider, "the server offers pull diagnostics to a client that pulls");
  await connection.sendNotification(InitializedNotification.type, {});
  const text = fs.readFileSync(fixture, "utf8");
  document = TextDocument.create(uri, "javascript", 1, text);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "javascript", version: 1, text },
  });
});

after(async () => {
  const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
  await within("shutdown", connection.sendRequest(ShutdownRequest.type));
  await connection.sendNotification(ExitNotification.type);
  assert.equal(await within("exit", exited), 0, "the server exits with 0 after shutdown");
  connection.dispose();
});

test("close(1006) gets a reserved-code diagnostic at the configured severity; close(1008) none", async () => {
  const diagnostics = await pullDiagnostics();
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  const [d] = diagnostics;
  assert.equal(d.code, "reserved-code");
  assert.equal(d.source, "wslsp");
  assert.equal(d.severity, 2, "wslsp.rules set reserved-code to warning");
  assert.deepEqual(d.range.start, positionOf("1006"));
  assert.match(typeof d.message === "string" ? d.message : d.message.value, /1006/);
});

test("a changed wslsp.rules applies live, as the extension sends it", async () => {
  const send = (rules: Record<string, string>) =>
    connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { wslsp: settingsFrom({ inlayHints: true, rules }) },
    });
  await send({ "reserved-code": "off" });
  assert.deepEqual(await pullDiagnostics(), []);
  await send({ "reserved-code": "warning" });
  assert.equal((await pullDiagnostics())[0]?.severity, 2);
});

test("hover on close(1008) names the code", async () => {
  for (const offset of [0, 3]) {
    const hover = await within(
      "hover",
      connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf("1008", offset) }),
    );
    assert.ok(hover, "a hover on 1008");
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, "markdown");
    assert.match(contents.value, /1008/);
    assert.match(contents.value, /Policy Violation/);
  }
  const off = await within(
    "hover",
    connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf("1008", -2) }),
  );
  assert.equal(off, null, "no hover away from a close code");
});

test("the preferred quick fix replaces 1006 and the error goes away", async () => {
  const [diagnostic] = await pullDiagnostics();
  const actions = await within(
    "codeAction",
    connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: [CodeActionKind.QuickFix] },
    }),
  );
  const preferred = (actions ?? []).filter((a): a is CodeAction => "kind" in a && a.isPreferred === true);
  assert.equal(preferred.length, 1, JSON.stringify(actions));
  const edits: TextEdit[] = preferred[0].edit?.changes?.[uri] ?? [];
  assert.ok(edits.length > 0, JSON.stringify(preferred[0]));

  const fixed = TextDocument.applyEdits(document, edits);
  const before = document.getText().split("\n");
  const after = fixed.split("\n");
  assert.equal(after.length, before.length);
  const line = diagnostic.range.start.line;
  assert.doesNotMatch(after[line], /1006/);
  assert.match(after[line], /socket\.close\(\d{4}\)/);
  assert.deepEqual(after.filter((_, i) => i !== line), before.filter((_, i) => i !== line), "only the fixed line changes");

  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: fixed }],
  });
  assert.deepEqual(await pullDiagnostics(), []);
});
