--[[
kz_notes: what citeproc needs before it runs (the locators this language's style knows, the note
numbers of the whole document), and what kzreport learns from a document after it (the count of
notes and words for the manifest, the published text for the leak guard).
]]

local M = {}

local function relabel(text, labels)
  if labels[text] then return labels[text] end
  -- pandoc's reader joins an abbreviation to the next word with a no-break space ("p. 9")
  local label, rest = text:match("^(.-)\u{00A0}(.*)$")
  if label and labels[label] then return labels[label] .. "\u{00A0}" .. rest end
  return nil
end

-- Citation locators: whatever label the drafter wrote ("art.", "ст."), the label this language's
-- citation style knows, so that citeproc recognises the locator (and so Ibid. works).
local function relabel_cite(cite, labels)
  for _, citation in ipairs(cite.citations) do
    local suffix = citation.suffix
    for i, el in ipairs(suffix) do
      if el.t == "Str" and el.text ~= "," then
        local new = relabel(el.text, labels)
        if new then suffix[i] = pandoc.Str(new) end
        break
      end
    end
    citation.suffix = suffix
  end
  return cite
end

-- citeproc takes each citation's note number from the reader, which counted notes only within
-- the text it read. Bodies are read one by one, so count again over the whole document: every
-- footnote and every citation outside a footnote (which citeproc turns into one) is a note.
-- With `labels` (the job's locators), the locators' labels are normalised in the same walk.
function M.renumber_notes(doc, labels)
  local n = 0
  local function set(cite, num)
    for _, c in ipairs(cite.citations) do c.note_num = num end
    if labels then relabel_cite(cite, labels) end
    return cite
  end
  return doc:walk {
    traverse = "topdown",
    Note = function(note)
      n = n + 1
      local num = n
      note.content = pandoc.Blocks(note.content):walk { Cite = function(c) return set(c, num) end }
      return note, false
    end,
    Cite = function(cite)
      n = n + 1
      return set(cite, n), false
    end,
  }
end

-- What kzreport learns from a finished document, in one walk (each walk of a whole document costs
-- pandoc tens of milliseconds): its footnotes and words (for the manifest), and everything of it a
-- reader could see, for kzreport's leak guard (kzreport/safety/guard.py): each paragraph's text
-- joined across emphasis, links and notes, link targets, image sources and titles, every attribute,
-- raw text and the metadata.
-- A word is counted as kzreport/coordinator/wordcount.py counts one in the DOCX: what is between
-- spaces (not no-break spaces) and holds a letter or a digit; so "*wo*rds" is one word.
local function is_word(token)
  if token:match("%w") then return true end
  for _, c in utf8.codes(token) do
    -- beyond ASCII, a letter or digit is anything but Latin-1 signs, the punctuation and symbol blocks
    -- (U+2000-U+2BFF: dashes, quotes, №, arrows, maths) and CJK punctuation
    if c >= 0xC0 and c ~= 0xD7 and c ~= 0xF7 and not (c >= 0x2000 and c < 0x2C00) and not (c >= 0x3000 and c < 0x3040) then
      return true
    end
  end
  return false
end

local function count_words(text)
  -- the separators of wordcount.py: whitespace, U+2000-U+200A, U+2028, U+2029, U+3000
  text = text:gsub("\226\128[\128-\138\168\169]", " "):gsub("\227\128\128", " ")
  local n = 0
  for token in text:gmatch("[^ \t\n\r\f\v]+") do
    if is_word(token) then n = n + 1 end
  end
  return n
end

-- `link` (a Link filter function, kz_safety.safe_link) is applied in the same walk, before the link
-- is surveyed: the survey returns the document it changed, and what it learnt.
function M.survey(doc, link)
  local parts = {}
  local notes, words = 0, 0
  local function add(s) if s and s ~= "" then parts[#parts + 1] = s end end
  local function attr(a)
    if not a then return end
    add(a.identifier)
    for _, c in ipairs(a.classes) do add(c) end
    for k, v in pairs(a.attributes) do add(k); add(v) end
  end
  for _, value in pairs(doc.meta) do add(pandoc.utils.stringify(value)) end
  local function text_block(b)
    local text = pandoc.utils.stringify(b)
    words = words + count_words(text)
    add(text); attr(b.attr)
  end
  doc = doc:walk {
    Para = text_block, Plain = text_block, Header = text_block, LineBlock = text_block,
    Note = function() notes = notes + 1 end,
    CodeBlock = function(b) add(b.text); attr(b.attr) end,
    RawBlock = function(b) add(b.text) end,
    RawInline = function(i) add(i.text) end,
    Link = function(l)
      local out = link and link(l)
      if out and out.t ~= "Link" then return out end  -- not a link any more: its text is in its paragraph's
      l = out or l  -- (its target may have changed)
      add(l.target); add(l.title); attr(l.attr)
      return l
    end,
    Image = function(i) add(i.src); add(i.title); add(pandoc.utils.stringify(i.caption)); attr(i.attr) end,
    Span = function(s) attr(s.attr) end,
    Div = function(d) attr(d.attr) end,
    Code = function(c) attr(c.attr) end,
    Table = function(t) add(pandoc.utils.stringify(t.caption.long)); attr(t.attr) end,
    Figure = function(f) add(pandoc.utils.stringify(f.caption.long)); attr(f.attr) end,
    DefinitionList = function(dl)
      for _, item in ipairs(dl.content) do
        local term = pandoc.utils.stringify(item[1])
        words = words + count_words(term)
        add(term)
      end
    end,
  }
  local text = table.concat(parts, "\n")
  local longest = 0  -- the longest word anywhere (kz_typst splits very long ones, when there are)
  for token in text:gmatch("%S+") do
    if #token > longest then longest = #token end
  end
  return doc, { notes = notes, words = words, text = text, longest_word = longest }
end

return M
