-- Headless end-to-end test of editors/nvim with the real server, run by test/run.sh:
--   nvim --headless --clean -c 'luafile test/e2e.lua'   (env WSLSP_BIN, WSLSP_FIXTURE)
-- Starts wslsp through require('wslsp').setup(), which picks the LSP API this Neovim has,
-- opens the fixture, and checks diagnostics, hover and the preferred quick fix. Exits 0 on
-- success, 1 with the reason on stderr otherwise; every wait is bounded.

local WAIT_MS = 20000
local bin = assert(os.getenv('WSLSP_BIN'), 'WSLSP_BIN is not set')
local fixture = assert(os.getenv('WSLSP_FIXTURE'), 'WSLSP_FIXTURE is not set')
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')

local function log(message)
  io.stderr:write(message .. '\n')
end

local function wait_for(what, condition)
  if not vim.wait(WAIT_MS, condition, 50) then
    error('timed out waiting for ' .. what, 2)
  end
end

--- The 0-based line and byte column of the code in the first `close(<code>` in the buffer.
local function find_code(bufnr, code)
  local needle = 'close(' .. code
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return i - 1, col - 1 + #'close('
    end
  end
  error(needle .. ' is not in the buffer')
end

--- The clients attached to `bufnr`, with whichever API this Neovim has.
local function clients_of(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local function lsp_code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, WAIT_MS)
  assert(responses, method .. ' failed: ' .. tostring(err))
  for _, response in pairs(responses) do
    assert(not response.err, method .. ': ' .. vim.inspect(response.err))
    return response.result
  end
end

local function main()
  vim.opt.runtimepath:prepend(vim.fn.fnamemodify(here, ':h'))
  vim.cmd('filetype on')
  if os.getenv('WSLSP_NVIM_DEBUG') then vim.lsp.set_log_level('debug') end
  log('Neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor)
    .. ', API: ' .. (vim.lsp.config and 'vim.lsp.config/enable' or vim.lsp.start and 'vim.lsp.start' or 'vim.lsp.start_client'))
  -- The settings travel as a user's would: reserved-code (an error by default) is lowered to a warning.
  require('wslsp').setup({
    cmd = { bin, 'lsp' },
    settings = { wslsp = { severity = { ['reserved-code'] = 'warning' } } },
  })
  -- The filetypes tests/editors.rs expects from editors/languages.toml.
  local filetypes = require('wslsp').config().filetypes
  for _, ft in ipairs(vim.split(os.getenv('WSLSP_EXPECT_FILETYPES') or '', ',', { trimempty = true })) do
    assert(vim.tbl_contains(filetypes, ft), 'lsp/wslsp.lua lacks filetype ' .. ft)
  end
  vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
  local bufnr = vim.api.nvim_get_current_buf()
  assert(vim.bo[bufnr].filetype == 'javascript', 'filetype is ' .. vim.bo[bufnr].filetype)

  wait_for('wslsp to attach', function()
    return #clients_of(bufnr) > 0
  end)
  local client = clients_of(bufnr)[1]
  assert(client.name == 'wslsp', 'client is ' .. client.name)

  -- Diagnostics of close(1006), at the severity the settings asked for.
  local line_1006, col_1006 = find_code(bufnr, '1006')
  wait_for('the reserved-code diagnostic as a warning', function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if lsp_code(d) == 'reserved-code' and d.severity == vim.diagnostic.severity.WARN then
        return true
      end
    end
  end)
  local diagnostics = vim.diagnostic.get(bufnr)
  assert(#diagnostics == 1, vim.inspect(diagnostics))
  local d = diagnostics[1]
  assert(d.lnum == line_1006 and d.col == col_1006, 'diagnostic at ' .. d.lnum .. ':' .. d.col)
  assert(d.message:find('1006'), d.message)

  -- Hover on close(1008).
  local line_1008, col_1008 = find_code(bufnr, '1008')
  vim.api.nvim_win_set_cursor(0, { line_1008 + 1, col_1008 + 2 })
  local hover = request(bufnr, 'textDocument/hover', vim.lsp.util.make_position_params(0, client.offset_encoding))
  assert(hover and hover.contents, 'no hover on 1008')
  local text = table.concat(vim.lsp.util.convert_input_to_markdown_lines(hover.contents), '\n')
  assert(text:find('1008') and text:find('Policy Violation'), 'hover text: ' .. text)

  -- The preferred quick fix for the diagnostic, applied to the buffer.
  -- The diagnostic's range in the client's encoding, from vim.diagnostic's byte columns (the
  -- end position is inclusive here).
  local params = vim.lsp.util.make_given_range_params(
    { d.lnum + 1, d.col }, { d.end_lnum + 1, d.end_col - 1 }, bufnr, client.offset_encoding)
  params.context = {
    diagnostics = { { range = params.range, message = d.message, code = lsp_code(d), source = d.source } },
    only = { 'quickfix' },
  }
  local actions = request(bufnr, 'textDocument/codeAction', params)
  local preferred
  for _, action in ipairs(actions or {}) do
    if action.isPreferred then
      assert(not preferred, 'two preferred quick fixes')
      preferred = action
    end
  end
  assert(preferred and preferred.edit, 'no preferred quick fix: ' .. vim.inspect(actions))
  log('applying: ' .. preferred.title)
  local before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  local after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  assert(#after == #before, 'the fix changed the line count')
  for i = 1, #after do
    if i == line_1006 + 1 then
      assert(not after[i]:find('1006') and after[i]:find('socket%.close%(%d%d%d%d%)'), 'fixed line: ' .. after[i])
    else
      assert(after[i] == before[i], 'the fix changed line ' .. i .. ': ' .. after[i])
    end
  end
  wait_for('the diagnostics to clear after the fix', function()
    return #vim.diagnostic.get(bufnr) == 0
  end)
  log('nvim e2e: diagnostics, hover and quick fix OK')
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  log('nvim e2e FAILED: ' .. tostring(err))
  vim.cmd('cquit 1')
end
vim.cmd('qall!')
