-- Starts wslsp with the config table of lsp/wslsp.lua on any Neovim from 0.7:
--   vim.opt.runtimepath:append('/path/to/wslsp/editors/nvim')
--   require('wslsp').setup({ cmd = { '/path/to/wslsp', 'lsp' } })   -- the table is optional
-- 0.11+ uses vim.lsp.config/vim.lsp.enable, 0.8-0.10 vim.lsp.start, 0.7 vim.lsp.start_client.
local M = {}

local here = debug.getinfo(1, 'S').source:sub(2)

--- The table lsp/wslsp.lua returns, with `overrides` merged over it (vim.tbl_deep_extend).
function M.config(overrides)
  local base = dofile(vim.fn.fnamemodify(here, ':h:h') .. '/lsp/wslsp.lua')
  return vim.tbl_deep_extend('force', base, overrides or {})
end

--- The nearest directory above `file` that holds one of `markers`, else the file's directory.
local function root_dir(file, markers)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  local start = dir
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

--- Before 0.8 there is no vim.lsp.start: one client per root, attached to each buffer; and the
--- client does not send `settings` itself, so on_init does, as later versions do.
local clients = {}
local function send_settings(client)
  if next(client.config.settings or {}) then
    client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  end
end
local function start_0_7(config, bufnr)
  local root = root_dir(vim.api.nvim_buf_get_name(bufnr), config.root_markers)
  local id = clients[root]
  if not id or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(vim.tbl_extend('force', config, { name = 'wslsp', root_dir = root, on_init = send_settings }))
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

--- Starts wslsp for the buffers of its filetypes, with the API this Neovim has.
function M.setup(overrides)
  local config = M.config(overrides)
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('wslsp', config)
    vim.lsp.enable('wslsp')
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('wslsp', { clear = true }),
    pattern = config.filetypes,
    callback = function(args)
      if vim.bo[args.buf].buftype ~= '' then
        return
      end
      if vim.lsp.start then
        local root = root_dir(vim.api.nvim_buf_get_name(args.buf), config.root_markers)
        vim.lsp.start(vim.tbl_extend('force', config, { name = 'wslsp', root_dir = root }), { bufnr = args.buf })
      else
        start_0_7(config, args.buf)
      end
    end,
  })
end

return M
