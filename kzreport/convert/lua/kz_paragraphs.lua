--[[
kz_paragraphs: UN-style numbered paragraphs (a report's `numbered-paragraphs` option).
]]

local kz_class = require("kz_util").kz_class

local M = {}

-- The parts whose paragraphs are not numbered (the cover, titles, legends, ...).
local SKIP = { ["kz-cover"] = true, ["kz-letterhead"] = true, ["kz-annex"] = true, ["kz-case-title"] = true,
  ["kz-follows-intro"] = true, ["kz-follows"] = true, ["kz-legend"] = true, ["kz-title"] = true, ["kz-subtitle"] = true,
  ["kz-date"] = true, ["kz-issued"] = true, ["kz-no-number"] = true, ["kz-toc"] = true, ["kz-masthead"] = true,
  ["kz-pagebreak"] = true, ["kz-annex-title"] = true }

-- Every body paragraph 1..N; recommendations also bold. A numbered paragraph is a `kz-numbered-para` div
-- with its number in `n`: Word numbers it itself (a list style, so it renumbers after an edit; see
-- kz_docx and formats/word.py), Typst and HTML print the number (M.typed).
function M.number_paragraphs(doc)
  local n = 0
  local function number(blocks, bold)
    local out = pandoc.Blocks {}
    for _, b in ipairs(blocks) do
      if b.t == "Para" then
        n = n + 1
        local content = bold and pandoc.Inlines { pandoc.Strong(b.content) } or b.content
        out:insert(pandoc.Div({ pandoc.Para(content) }, pandoc.Attr("", { "kz-numbered-para" }, { n = tostring(n) })))
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

-- A numbered paragraph with its number typed in front ("12. "), for the formats that do not number
-- paragraphs themselves (Typst, HTML).
function M.typed(div)
  local para = div.content[1]
  local content = pandoc.Inlines { pandoc.Str(div.attributes.n .. "."), pandoc.Space() }
  content:extend(para.content)
  return pandoc.Para(content)
end

return M
