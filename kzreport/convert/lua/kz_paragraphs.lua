--[[
kz_paragraphs: UN-style numbered paragraphs (a report's `numbered-paragraphs` option).
]]

local kz_class = require("kz_util").kz_class

local M = {}

-- The parts whose paragraphs are not numbered (the cover, titles, legends, ...).
local SKIP = { ["kz-cover"] = true, ["kz-letterhead"] = true, ["kz-annex"] = true, ["kz-case-title"] = true,
  ["kz-follows-intro"] = true, ["kz-follows"] = true, ["kz-legend"] = true, ["kz-title"] = true, ["kz-subtitle"] = true,
  ["kz-date"] = true, ["kz-issued"] = true, ["kz-no-number"] = true }

-- Every body paragraph 1..N; recommendations also bold.
function M.number_paragraphs(doc)
  local n = 0
  local function number(blocks, bold)
    local out = pandoc.Blocks {}
    for _, b in ipairs(blocks) do
      if b.t == "Para" then
        n = n + 1
        local content = pandoc.Inlines { pandoc.Str(n .. "."), pandoc.Space() }
        if bold then
          content:insert(pandoc.Strong(b.content))
        else
          content:extend(b.content)
        end
        out:insert(pandoc.Para(content))
      elseif b.t == "Div" then
        local c = kz_class(b.attr)
        if c and SKIP[c] then
          out:insert(b)
        else
          b.content = number(b.content, bold or c == "kz-recommendations" or c == "kz-un-recommendation")
          out:insert(b)
        end
      elseif (b.t == "BulletList" or b.t == "OrderedList") and bold then
        -- a recommendation written as a list item: number each item, in bold
        local paras = pandoc.Blocks {}
        for _, item in ipairs(b.content) do paras:extend(number(pandoc.Blocks(item):walk {
          Plain = function(p) return pandoc.Para(p.content) end }, bold)) end
        out:extend(paras)
      else
        out:insert(b)
      end
    end
    return out
  end
  doc.blocks = number(doc.blocks, false)
  return doc
end

return M
