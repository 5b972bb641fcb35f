--[[
kz_review: the notes of a bilingual review copy, column by column. Word numbers footnotes once through
a document, so in a review copy the two columns would share one numbering, and citeproc, run once in
the translation's language, would print its "Ibid." ("Там же") in the source column too. Instead each
column is a document of its own for citeproc (its language, bibliography and note style: job for the
translation, job.review for the source), and its notes are numbered through the column and listed
under the paragraph that has them (kz-review-note).
]]

local notes = require("kz_notes")

local M = {}

-- the cells of one column (a kz-pairs table cell with that class), in document order
local function each_cell(doc, class, fn)
  return doc:walk {
    Table = function(t)
      if not t.attr.classes:includes("kz-pairs") then return nil end
      for _, body in ipairs(t.bodies) do
        for _, row in ipairs(body.body) do
          for _, cell in ipairs(row.cells) do
            if cell.attr.classes:includes(class) then cell.contents = fn(cell.contents) end
          end
        end
      end
      return t
    end,
  }
end

-- citeproc on the column's cells as one document, then the notes numbered through the column
local function column(cells, meta, locators)
  local blocks = pandoc.Blocks {}
  for n, contents in ipairs(cells) do blocks:insert(pandoc.Div(contents, pandoc.Attr("review-cell-" .. n))) end
  local doc = pandoc.Pandoc(blocks, pandoc.Meta(meta))
  doc = notes.renumber_notes(doc, locators or {})
  doc = pandoc.utils.citeproc(doc)
  local out, count = {}, 0
  for _, div in ipairs(doc.blocks) do
    local n = div.t == "Div" and tonumber(div.identifier:match("^review%-cell%-(%d+)$"))
    if n then
      local listed = pandoc.Blocks {}
      local content = pandoc.Blocks(div.content):walk {
        Note = function(note)
          count = count + 1
          local text = pandoc.Inlines { pandoc.Superscript { pandoc.Str(tostring(count)) }, pandoc.Space() }
          text:extend(pandoc.utils.blocks_to_inlines(note.content))
          listed:insert(pandoc.Para(text))
          return pandoc.Superscript { pandoc.Str(tostring(count)) }
        end,
      }
      if #listed > 0 then content:insert(pandoc.Div(listed, pandoc.Attr("", { "kz-review-note" }))) end
      out[n] = content
    end
  end
  return out
end

function M.columns(doc, job)
  local review = job.review
  local sides = {
    { class = "kz-pair-source", lang = review.lang, bibliography = review.references, csl = review.csl,
      locators = review.locators },
    { class = "kz-pair-target", lang = job.lang, bibliography = job.references, csl = job.csl,
      locators = job.locators },
  }
  for _, side in ipairs(sides) do
    local cells = {}
    each_cell(doc, side.class, function(contents) cells[#cells + 1] = contents; return contents end)
    local done = column(cells, { lang = side.lang, bibliography = side.bibliography, csl = side.csl,
      ["link-citations"] = false, ["suppress-bibliography"] = true }, side.locators)
    local n = 0
    doc = each_cell(doc, side.class, function(contents) n = n + 1; return done[n] or contents end)
  end
  return doc
end

return M
