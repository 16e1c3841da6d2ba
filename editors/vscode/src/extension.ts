// The VS Code side of wslsp: finds the `wslsp` binary, runs `wslsp lsp` through
// vscode-languageclient, and keeps the server's settings in step with VS Code's.

import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";
import { findServer } from "./server-path";
import {
  changeIsServerSettings,
  changeNeedsRestart,
  documentSelector,
  languagesFromActivationEvents,
  type ServerSettings,
  toServerSettings,
} from "./settings";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("wslsp", { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("wslsp.restart", () => restart(context)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      const affects = (section: string) => event.affectsConfiguration(section);
      if (changeNeedsRestart(affects)) {
        void restart(context);
      } else if (changeIsServerSettings(affects) && client?.isRunning()) {
        void client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { wslsp: serverSettings() },
        });
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

function serverSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration("wslsp");
  return toServerSettings((key) => config.get(key));
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const lookup = findServer({
    configured: vscode.workspace.getConfiguration("wslsp").get<string | null>("path"),
    extensionDir: context.extensionPath,
    workspaceDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    platform: process.platform,
    pathEnv: process.env.PATH,
    homeDir: os.homedir(),
    isExecutable,
  });
  if (!lookup.found) {
    output?.error(lookup.message);
    // Not awaited: activation must not wait for the user to dismiss the message.
    void vscode.window.showErrorMessage(lookup.message, "Open Settings", "Retry").then((choice) => {
      if (choice === "Open Settings") {
        void vscode.commands.executeCommand("workbench.action.openSettings", "wslsp.path");
      } else if (choice === "Retry") {
        void restart(context);
      }
    });
    return;
  }
  output?.info(`Starting ${lookup.command} lsp (found via ${lookup.source})`);
  const serverOptions: ServerOptions = {
    command: lookup.command,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const languages = languagesFromActivationEvents(context.extension.packageJSON.activationEvents ?? []);
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(languages),
    initializationOptions: serverSettings(),
    outputChannel: output,
    middleware: {
      workspace: {
        // The server may ask for the `wslsp` section; answer in its shape, not VS Code's.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) => (item.section === "wslsp" ? serverSettings() : answers[i]));
        },
      },
    },
  };
  client = new LanguageClient("wslsp", "wslsp", serverOptions, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.isRunning()) await running.stop();
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== "win32") fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
