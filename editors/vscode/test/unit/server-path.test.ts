import * as assert from "node:assert/strict";
import { test } from "node:test";
import { findServer, type LookupInput } from "../../src/server-path";

function input(executables: string[], overrides: Partial<LookupInput> = {}): LookupInput {
  return {
    configured: undefined,
    extensionDir: "/ext",
    workspaceDir: "/ws",
    platform: "linux",
    pathEnv: "/usr/local/bin:/usr/bin",
    homeDir: "/home/u",
    isExecutable: (file) => executables.includes(file),
    ...overrides,
  };
}

test("the setting wins over the bundled binary and PATH", () => {
  const all = ["/opt/wslsp", "/ext/server/wslsp", "/usr/bin/wslsp"];
  assert.deepEqual(findServer(input(all, { configured: "/opt/wslsp" })), {
    found: true,
    command: "/opt/wslsp",
    source: "setting",
  });
});

test("a setting that names no executable is an error, not a fallback", () => {
  const result = findServer(input(["/ext/server/wslsp", "/usr/bin/wslsp"], { configured: "/opt/missing" }));
  assert.equal(result.found, false);
  assert.match(!result.found ? result.message : "", /wslsp\.path is set to \/opt\/missing/);
});

test("a relative setting resolves against the workspace, ~ against home", () => {
  assert.equal(findServer(input(["/ws/target/release/wslsp"], { configured: "target/release/wslsp" })).found, true);
  const home = findServer(input(["/home/u/.cargo/bin/wslsp"], { configured: "~/.cargo/bin/wslsp" }));
  assert.deepEqual(home, { found: true, command: "/home/u/.cargo/bin/wslsp", source: "setting" });
});

test("a blank setting counts as unset", () => {
  const result = findServer(input(["/usr/bin/wslsp"], { configured: "  " }));
  assert.deepEqual(result, { found: true, command: "/usr/bin/wslsp", source: "PATH" });
});

test("the bundled binary comes before PATH", () => {
  const result = findServer(input(["/ext/server/wslsp", "/usr/bin/wslsp"]));
  assert.deepEqual(result, { found: true, command: "/ext/server/wslsp", source: "bundled" });
});

test("PATH is searched in order, skipping empty entries", () => {
  const result = findServer(
    input(["wslsp", "/usr/bin/wslsp", "/usr/local/bin/wslsp"], { pathEnv: ":/usr/local/bin:/usr/bin" }),
  );
  assert.deepEqual(result, { found: true, command: "/usr/local/bin/wslsp", source: "PATH" });
});

test("on Windows the binary is wslsp.exe and PATH splits on ;", () => {
  const result = findServer(
    input(["C:\\tools\\wslsp.exe"], { platform: "win32", extensionDir: "C:\\ext", pathEnv: "C:\\bin;C:\\tools" }),
  );
  assert.deepEqual(result, { found: true, command: "C:\\tools\\wslsp.exe", source: "PATH" });
});

test("nothing found says what to do", () => {
  const result = findServer(input([], { pathEnv: undefined }));
  assert.equal(result.found, false);
  const message = !result.found ? result.message : "";
  assert.match(message, /not found/);
  assert.match(message, /cargo install/);
  assert.match(message, /wslsp\.path/);
});
