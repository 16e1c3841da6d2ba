-- wslsp for nvim-lspconfig users (any Neovim that nvim-lspconfig supports). wslsp is not in
-- nvim-lspconfig's own list, so this registers it from the table lsp/wslsp.lua returns:
--   vim.opt.runtimepath:append('/path/to/wslsp/editors/nvim')
--   dofile('/path/to/wslsp/editors/nvim/lspconfig.lua')
-- Not run by the tests (Debian does not package nvim-lspconfig); the table it reads is.
local configs = require('lspconfig.configs')
local util = require('lspconfig.util')
local wslsp = require('wslsp').config()

if not configs.wslsp then
  configs.wslsp = {
    default_config = {
      cmd = wslsp.cmd,
      filetypes = wslsp.filetypes,
      root_dir = util.root_pattern(unpack(wslsp.root_markers)),
      settings = wslsp.settings,
    },
  }
end
require('lspconfig').wslsp.setup({})
