--[[
kz_typst: the document for pandoc's Typst writer. Each of kzreport's semantic classes becomes a call
of the Typst template's function of the same name (`#kz-case[...]`, defined in kzreport.typ), page
breaks and the table of contents become Typst, and what pandoc's writer would get wrong (markup at
the start of a table cell, very long words) is prepared for it.
]]

local util = require("kz_util")
local kz_class = util.kz_class

local M = {}

-- pandoc's Typst writer leaves "=" (a heading), "-" and "+" (list items) unescaped at the start of
-- a table cell, where Typst then reads them as markup; escape them there.
local function escape_line_start(block)
  local first = block.content[1]
  if first and first.t == "Str" and first.text:match("^[=+%-]") then
    block.content[1] = pandoc.RawInline("typst", "\\" .. first.text:sub(1, 1) .. first.text:sub(2):gsub("[%[%]#*_`$<>@\\]", "\\%0"))
  end
  return block
end

-- pandoc's Typst writer takes time in the square of a word's length (a 50,000-letter "word", such as
-- a pasted file, takes seconds; 400,000 take minutes): long words are given to it in pieces, which
-- it writes one after the other, so the text is the same.
M.LONG_WORD = 1000

function M.split_long_words(doc)
  local long_word = M.LONG_WORD
  return doc:walk {
    Str = function(s)
      local text = s.text
      if #text <= long_word then return nil end
      local pieces, i = {}, 1
      while i <= #text do
        local j = math.min(i + long_word - 1, #text)
        -- never end a piece inside a UTF-8 character (continuation bytes are 0x80-0xBF)
        while j < #text and text:byte(j + 1) >= 0x80 and text:byte(j + 1) < 0xC0 do j = j + 1 end
        pieces[#pieces + 1] = pandoc.Str(text:sub(i, j))
        i = j + 1
      end
      return pieces
    end,
  }
end

local function table_cell(cell)
  cell.contents = pandoc.Blocks(cell.contents):walk { Plain = escape_line_start, Para = escape_line_start }
  local fill = cell.attributes["kz-fill"]
  if fill then
    cell.attributes["typst:fill"] = 'rgb("' .. fill .. '")'
    cell.attributes["kz-fill"] = nil
  end
  return cell
end

-- The content between `#name[` and `]`: a call of the template's function with the content as its body.
local function call(name, content, list, raw)
  local out = list { raw("typst", "#" .. name .. "[") }
  out:extend(content)
  out:insert(raw("typst", "]"))
  return out
end

-- Text marked as another language (`[текст]{lang=ru}`) gets that language in Typst, as pandoc gives
-- it to Word runs and HTML: spell checkers, hyphenation, quotes and screen readers treat it right.
local function in_language(lang, content, list, raw)
  local code, region = (lang or ""):match("^(%a%a%a?)[-_]?(%a*%d*)$")
  if not code then return nil end
  local args = 'lang: "' .. code:lower() .. '"' .. (region ~= "" and (', region: "' .. region:upper() .. '"') or "")
  local out = list { raw("typst", "#text(" .. args .. ")[") }
  out:extend(content)
  out:insert(raw("typst", "]"))
  return out
end

-- Every table may break across pages between rows, repeating its header row (`kz-table`); a table
-- right after another (a score table and its legend, as Word's keepNext treats them in
-- formats/word.py) is given to it as its legend, which kz-table keeps with the last row.
local function wrap_tables(blocks)
  local out, i = pandoc.Blocks {}, 1
  local raw = function(text) return pandoc.RawBlock("typst", text) end
  while i <= #blocks do
    local b, nxt = blocks[i], blocks[i + 1]
    if b.t == "Table" and nxt and nxt.t == "Table" then
      out:extend { raw("#kz-table(legend: ["), nxt, raw("])["), b, raw("]") }
      i = i + 2
    elseif b.t == "Table" then
      out:extend { raw("#kz-table["), b, raw("]") }
      i = i + 1
    else
      out:insert(b)
      i = i + 1
    end
  end
  return out
end

-- A UN-style numbered paragraph: its number at the margin and the text 1 cm in (kz-numbered-para in
-- kzreport.typ), as Word's Numbered Paragraph style has it; the call is inside the paragraph, so no
-- line break separates the number from the text.
local function numbered_para(div)
  local n, para = div.attributes.n or "", div.content[1]
  if not n:match("^%d+$") or not para or para.t ~= "Para" then return require("kz_paragraphs").typed(div) end
  para = escape_line_start(para)
  local content = pandoc.Inlines { pandoc.RawInline("typst", '#kz-numbered-para("' .. n .. '.")[') }
  content:extend(para.content)
  content:insert(pandoc.RawInline("typst", "]"))
  return pandoc.Para(content)
end

function M.to_typst(doc, job)
  -- a walk over every word costs; it is needed only when kz_notes.survey saw a long one
  if (job.longest_word or math.huge) > M.LONG_WORD then doc = M.split_long_words(doc) end
  doc = doc:walk {
    Table = function(t) return util.cells(t, table_cell) end,
    Image = function(img)
      -- Typst reads files only inside the build's own folder (its root), given as "/path/under/root"
      local root = job.root .. "/"
      if img.src:sub(1, #root) == root then img.src = "/" .. img.src:sub(#root + 1) end
      return img
    end,
    Span = function(span)
      local c = kz_class(span.attr)
      -- a picture that could not be staged keeps only its caption (the template has no function for it)
      if c == "kz-missing-image" then return span.content end
      if c then return call(c, span.content, pandoc.Inlines, pandoc.RawInline) end
      if span.attributes.lang then
        return in_language(span.attributes.lang, span.content, pandoc.Inlines, pandoc.RawInline)
      end
    end,
  }
  doc = doc:walk { Blocks = wrap_tables }
  doc = doc:walk {
    Div = function(div)
      local c = kz_class(div.attr)
      if not c then return nil end
      if c == "kz-pagebreak" then return pandoc.RawBlock("typst", "#pagebreak(weak: true)") end
      if c == "kz-numbered-para" then return numbered_para(div) end
      if c == "kz-toc" then
        return pandoc.RawBlock("typst", "#kz-toc(" .. util.typst_string(pandoc.utils.stringify(div.content))
          .. ", depth: " .. math.floor(tonumber(div.attributes.depth) or 2) .. ")")
      end
      return call(c, div.content, pandoc.Blocks, pandoc.RawBlock)
    end,
  }
  return doc
end

return M
