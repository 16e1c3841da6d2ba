-- wslsp, the WebSocket close-code language server, for Neovim 0.11+:
--   copy this file to ~/.config/nvim/lsp/wslsp.lua (or add editors/nvim to 'runtimepath'),
--   then call vim.lsp.enable('wslsp').
-- Older Neovim: require('wslsp').setup() from editors/nvim/lua/wslsp.lua uses this same table.
return {
  -- `wslsp` on PATH (cargo install --path .); set an absolute path here otherwise.
  cmd = { 'wslsp', 'lsp' },
  -- Keep in step with editors/languages.toml (tests/editors.rs checks it).
  filetypes = {
    'javascript', 'javascriptreact', 'typescript', 'typescriptreact',
    'python', 'go', 'rust',
    'java', 'kotlin', 'cs', 'cpp', 'c', 'swift', 'dart', 'php', 'ruby',
  },
  root_markers = { '.git' },
  -- Sent in workspace/didChangeConfiguration, which the server applies live. Per-rule
  -- overrides go in `severity`, e.g. severity = { ['unassigned-code'] = 'error',
  -- ['server-only-code'] = 'off' } (leave the key out when you have none: an empty Lua
  -- table is sent as a JSON array).
  settings = {
    wslsp = {
      inlayHints = true,
    },
  },
}
