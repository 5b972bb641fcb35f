--[[
kz_util: small helpers the other modules share: files, kzreport's own classes, escaping, table cells.
]]

local M = {}

function M.read_file(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("a")
  f:close()
  return data
end

-- A full disk is an error at the write or at the close (which writes what was buffered), never a
-- file silently cut short.
function M.write_file(path, data)
  local f = assert(io.open(path, "wb"))
  assert(f:write(data))
  assert(f:close())
end

-- The first of kzreport's semantic classes (kz-case, kz-title, ...) on an element, or nil.
function M.kz_class(attr)
  for _, c in ipairs(attr.classes) do
    if c:match("^kz%-") then return c end
  end
  return nil
end

function M.xml_escape(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

function M.typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", " ") .. '"'
end

-- Lua filters cannot walk table cells directly; call fn(cell, in_head) on every cell of the table
-- (a Table filter function, so that it shares a walk with others).
function M.cells(t, fn)
  local function rows(list, head)
    for _, row in ipairs(list) do
      for i, cell in ipairs(row.cells) do row.cells[i] = fn(cell, head) or cell end
    end
  end
  rows(t.head.rows, true)
  for _, body in ipairs(t.bodies) do
    rows(body.head, true)
    rows(body.body, false)
  end
  rows(t.foot.rows, false)
  return t
end

return M
