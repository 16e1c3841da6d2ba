// Which `wslsp` binary the extension starts. Pure: the file system and the environment come in
// as arguments, so the unit tests can decide every case without VS Code.

import * as path from "node:path";

/** Where a binary was found, in the order the extension looks. */
export type ServerSource = "setting" | "bundled" | "PATH";

export type ServerLookup =
  | { found: true; command: string; source: ServerSource }
  | { found: false; message: string };

export interface LookupInput {
  /** The `wslsp.path` setting, as the user wrote it (may be empty, relative or start with `~`). */
  configured: string | null | undefined;
  /** The extension's install directory; a bundled binary sits in its `server/` folder. */
  extensionDir: string;
  /** The first workspace folder, against which a relative `wslsp.path` is resolved. */
  workspaceDir: string | undefined;
  /** `process.platform`: on Windows the binary is `wslsp.exe` and `PATH` splits on `;`. */
  platform: NodeJS.Platform;
  /** The `PATH` environment variable. */
  pathEnv: string | undefined;
  homeDir: string;
  /** Whether an executable regular file exists at this absolute path. */
  isExecutable: (file: string) => boolean;
}

const INSTALL_HINT =
  "Install it with `cargo install --path .` in a wslsp checkout (or download a release), " +
  "then set `wslsp.path` to the binary or put it on PATH, and run `wslsp: Restart Language Server`.";

/**
 * Finds the server: the `wslsp.path` setting when set (an error if it names no executable,
 * rather than silently starting another binary), else `server/wslsp` inside the extension,
 * else the first `wslsp` on `PATH`.
 */
export function findServer(input: LookupInput): ServerLookup {
  const exe = input.platform === "win32" ? "wslsp.exe" : "wslsp";
  const p = input.platform === "win32" ? path.win32 : path.posix;
  const configured = input.configured?.trim();
  if (configured) {
    const file = resolveConfigured(configured, input, p);
    if (input.isExecutable(file)) {
      return { found: true, command: file, source: "setting" };
    }
    return {
      found: false,
      message: `wslsp.path is set to ${configured}, but there is no executable at ${file}. Fix or clear the setting.`,
    };
  }
  const bundled = p.join(input.extensionDir, "server", exe);
  if (input.isExecutable(bundled)) {
    return { found: true, command: bundled, source: "bundled" };
  }
  const separator = input.platform === "win32" ? ";" : ":";
  for (const dir of (input.pathEnv ?? "").split(separator)) {
    // An empty PATH entry means the current directory, which a GUI app should not trust.
    if (dir === "") continue;
    const file = p.join(dir, exe);
    if (input.isExecutable(file)) {
      return { found: true, command: file, source: "PATH" };
    }
  }
  return {
    found: false,
    message: `The wslsp language server was not found: wslsp.path is not set, the extension bundles no binary, and there is no ${exe} on PATH. ${INSTALL_HINT}`,
  };
}

function resolveConfigured(configured: string, input: LookupInput, p: path.PlatformPath): string {
  if (configured === "~" || configured.startsWith("~/")) {
    return p.join(input.homeDir, configured.slice(1));
  }
  if (p.isAbsolute(configured)) return configured;
  return p.resolve(input.workspaceDir ?? input.homeDir, configured);
}
