--[[
kzreport's pandoc process: `pandoc lua kzreport.lua JOBS.json` (kzreport/external.py runs it).

Every document of a build (each report in each language) is a job. For each job this script
  1. reads the Markdown skeleton that the Jinja templates produced, and puts each block's body
     (read separately, so one block's broken Markdown or footnote labels cannot leak into another)
     and each scoring table in its slot;
  2. runs citeproc once, so footnote numbers, "Ibid." and "see note N above" are decided once and
     are the same in every format;
  3. maps kzreport's semantic classes (kz-case, kz-title, ...) to each format: Word paragraph
     styles (custom-style), calls to functions of the Typst template, or HTML classes;
  4. writes every requested format from that one AST, and prints one line of JSON (the job's id,
     footnotes and words, or its error) as soon as the job is done.
A process converts several documents, which keeps pandoc's start-up cost small.
]]

local json = pandoc.json

-- Heading ids are given after assembly (see number_headings), so the reader makes none.
local READER = "markdown-implicit_figures-auto_identifiers"
-- Content is text, never code: the skeleton (the templates' output) is trusted and read with READER,
-- but block bodies and table cells come from many drafters and are read with this one. TeX is
-- text (`\textbf{Article 146}`, `C:\Users\new` print as typed), HTML tags do not make divs or spans,
-- and neither a metadata block nor a `% title` line can swallow text. Raw HTML and raw blocks or
-- spans (```{=typst}```) are still recognised, only to be printed as text (see as_text); kzreport
-- refuses them before (kzreport/rawtext.py), so this is the second line.
local BODY_READER = READER .. "-raw_tex-latex_macros-native_divs-native_spans-markdown_in_html_blocks"
  .. "-yaml_metadata_block-pandoc_title_block"

-- Semantic class -> Word paragraph style (the names a user restyles in the reference document).
local DOCX_STYLES = {
  ["kz-cover"] = "Cover Text",
  ["kz-cover-org"] = "Cover Organisation",
  ["kz-letterhead"] = "Letterhead",
  ["kz-title"] = "Title",
  ["kz-subtitle"] = "Subtitle",
  ["kz-date"] = "Date",
  ["kz-issued"] = "Issued",
  ["kz-case"] = "Case",
  ["kz-case-title"] = "Case Title",
  ["kz-follows"] = "Committee Recommendation",
  ["kz-follows-intro"] = "Committee Recommendation Intro",
  ["kz-untranslated"] = "Untranslated",
  ["kz-legend"] = "Score Legend",
  ["kz-annex-title"] = "Annex Title",
  ["kz-un-recommendation"] = "UN Recommendation",
  ["kz-conclusions"] = "Conclusions",
  ["kz-conclusions-intro"] = "Conclusions Intro",
}
-- Lists inside these classes get a paragraph style on each item (numbering is kept).
local DOCX_ITEM_STYLES = {
  ["kz-recommendations"] = "Recommendation",
  ["kz-conclusions"] = "Conclusions",
}
local DOCX_SPAN_STYLES = {
  ["kz-untranslated-mark"] = "Untranslated Mark",
  ["kz-score"] = "Score Level",
}

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("a")
  f:close()
  return data
end

local function write_file(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

local function kz_class(attr)
  for _, c in ipairs(attr.classes) do
    if c:match("^kz%-") then return c end
  end
  return nil
end

local function xml_escape(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", " ") .. '"'
end

-- Lua filters cannot walk table cells directly; call fn(cell, in_head) on every cell of every table.
local function each_cell(doc, fn)
  return doc:walk {
    Table = function(t)
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
    end,
  }
end

-- 1. assembling ---------------------------------------------------------------------------------

local function shift_headings(blocks, base)
  if not base or base <= 0 then return blocks end
  return pandoc.Blocks(blocks):walk {
    Header = function(h)
      h.level = math.min(h.level + base, 6)
      return h
    end,
  }
end

-- Content is text, never code (a block's body or a table cell from the content, never a template):
-- raw HTML and raw blocks or spans for any format are printed as the text they are, HTML comments
-- are the drafters' notes and are left out, and only harmless attributes are kept.
local function only_comments(s)
  return (s:gsub("<!%-%-.-%-%->", "")):match("^%s*$") ~= nil
end

local function safe_name(s)
  return s:match("^%a[%w_%-]*$") ~= nil
end

-- What a drafter may write in {...}: an id, classes, a language, a direction, an image's size.
-- Everything else (event handlers, style, `custom-style`, `typst:*`, which writers pass on as
-- code) is dropped, and so are kzreport's own kz-* classes, which are for templates.
local function safe_attr(attr, image)
  if not safe_name(attr.identifier) then attr.identifier = "" end
  attr.classes = attr.classes:filter(function(c) return safe_name(c) and not c:match("^kz%-") end)
  local kept = {}
  for k, v in pairs(attr.attributes) do
    if (k == "lang" and v:match("^%a%a%a?[%w%-]*$")) or (k == "dir" and (v == "ltr" or v == "rtl"))
        or (image and (k == "width" or k == "height") and v:match("^%d+%.?%d*[%a%%]*$")) then
      kept[#kept + 1] = { k, v }
    end
  end
  attr.attributes = kept
  return attr
end

local function as_text(blocks)
  local function attr(el)
    el.attr = safe_attr(el.attr, el.t == "Image")
    return el
  end
  return pandoc.Blocks(blocks):walk {
    RawBlock = function(b)
      if b.format == "html" and only_comments(b.text) then return {} end
      return pandoc.CodeBlock(b.text)
    end,
    RawInline = function(i)
      if i.format == "html" and only_comments(i.text) then return {} end
      if i.format == "html" then return pandoc.Str((i.text:gsub("%s+", " "))) end
      return pandoc.Code(i.text)
    end,
    Div = attr, Span = attr, Header = attr, Link = attr, Image = attr, Code = attr, CodeBlock = attr,
    Table = attr, Figure = attr,
  }
end

local function parse_markdown(text)
  return as_text(pandoc.read(text, BODY_READER).blocks)
end

-- Links go only to the web, to an e-mail address or a telephone number (or within the document):
-- a javascript:, data:, file: ... link, from a block or a source, becomes its text, in every format.
local SAFE_SCHEMES = { http = true, https = true, mailto = true, tel = true }

local function safe_target(target)
  -- as a browser reads an address: ASCII whitespace and control characters anywhere are ignored
  local t = target:gsub("[%c ]", ""):lower()
  local scheme = t:match("^(%a[%w+.%-]*):")
  if scheme then return SAFE_SCHEMES[scheme] == true end
  return not t:match("^[^/?#]*"):find(":", 1, true)
end

local function safe_links(doc)
  return doc:walk {
    Link = function(link)
      if not safe_target(link.target) then return link.content end
    end,
  }
end

-- A block's images: only the copies kzreport staged (checked, without metadata, in the build's own
-- folder: kzreport/assets.py) are used; any other image is replaced by its description, so no file
-- from elsewhere is ever read and no text disappears.
local function staged_images(blocks, images, root)
  return pandoc.Blocks(blocks):walk {
    Image = function(img)
      local staged = images and images[img.src]
      if staged then
        img.src = root .. "/" .. staged
        return img
      end
      return pandoc.Span(img.caption, pandoc.Attr("", { "kz-missing-image" }))
    end,
  }
end

-- A block's text, read on its own.
local function body_blocks(job, ref)
  local body = job.bodies[ref]
  -- where this process is, for kzreport's time limit and messages (see external.py)
  io.stdout:write("kz-at ", ref, "\n")
  io.stdout:flush()
  local blocks = staged_images(parse_markdown(body.text), body.images, job.root)
  io.stdout:write("kz-at -\n")
  io.stdout:flush()
  return blocks
end

-- Typst comments around each block's text, so that a Typst error is reported at the block's file
-- and line (external.locate_typst_line); the other writers leave raw Typst out.
local function source_marked(blocks, ref)
  local out = pandoc.Blocks { pandoc.RawBlock("typst", "// kz-src: " .. ref) }
  out:extend(blocks)
  out:insert(pandoc.RawBlock("typst", "// kz-src: end"))
  return out
end

local function is_source_mark(b)
  return b.t == "RawBlock" and b.format == "typst" and b.text:match("^// kz%-src: ") ~= nil
end

local function build_table(spec)
  local function cell(c)
    local blocks = c.text ~= "" and parse_markdown(c.text) or pandoc.Blocks {}
    local out = pandoc.Cell(blocks)
    -- a colour "#RRGGBB" (checked when the scale is read; it is written into Typst, OpenXML and CSS)
    if c.fill and c.fill:match("^#%x%x%x%x%x%x$") then out.attributes["kz-fill"] = c.fill end
    if c.class then
      -- a span class on the cell's content, so formats can style it
      out.contents = pandoc.Blocks(out.contents):walk {
        Plain = function(p) return pandoc.Plain { pandoc.Span(p.content, pandoc.Attr("", { c.class })) } end,
        Para = function(p) return pandoc.Plain { pandoc.Span(p.content, pandoc.Attr("", { c.class })) } end,
      }
    end
    return out
  end
  local colspecs = {}
  for _, w in ipairs(spec.widths) do table.insert(colspecs, { pandoc.AlignDefault, w }) end
  local head_cells = {}
  for _, c in ipairs(spec.header) do table.insert(head_cells, cell(c)) end
  local rows = {}
  for _, r in ipairs(spec.rows) do
    local cells = {}
    for _, c in ipairs(r) do table.insert(cells, cell(c)) end
    table.insert(rows, pandoc.Row(cells))
  end
  local body = { attr = pandoc.Attr(), body = rows, head = {}, row_head_columns = 0 }
  local caption = spec.caption and { long = { pandoc.Plain(pandoc.Inlines(spec.caption)) } } or { long = {} }
  return pandoc.Table(caption, colspecs, pandoc.TableHead { pandoc.Row(head_cells) }, { body },
    pandoc.TableFoot(), pandoc.Attr("", { "kz-scores" }))
end

-- Bodies are read one by one, so their headings cannot get document-wide unique ids from the
-- reader. Short ASCII ids also make valid Word bookmark names (for the table of contents).
function number_headings(doc)
  local n = 0
  return doc:walk {
    Header = function(h)
      n = n + 1
      h.identifier = "sec-" .. n
      return h
    end,
  }
end

local function assemble(job)
  local doc = pandoc.read(job.markdown, READER)
  -- images the templates print (the logo) are staged copies too, named relative to the build's folder
  doc = doc:walk {
    Image = function(img)
      if img.src:match("^assets/img%-") then img.src = job.root .. "/" .. img.src end
      return img
    end,
  }
  doc = doc:walk {
    Div = function(div)
      if div.classes:includes("kz-body") then
        local body = job.bodies[div.attributes.ref]
        return source_marked(shift_headings(body_blocks(job, div.attributes.ref), body.shift), div.attributes.ref)
      elseif div.classes:includes("kz-table") then
        return build_table(job.tables[div.attributes.ref])
      end
    end,
    Span = function(span)
      if span.classes:includes("kz-note") then
        return pandoc.Note(body_blocks(job, span.attributes.ref))
      end
    end,
  }
  -- The bilingual review document: kz-pair divs become the rows of a two-column table.
  doc = doc:walk {
    Div = function(div)
      if not div.classes:includes("kz-pairs") then return nil end
      local rows = {}
      for _, pair in ipairs(div.content) do
        if pair.t == "Div" and pair.classes:includes("kz-pair") then
          local cells = {}
          for _, side in ipairs(pair.content) do
            if side.t == "Div" then table.insert(cells, pandoc.Cell(side.content)) end
          end
          table.insert(rows, pandoc.Row(cells))
        end
      end
      local head = pandoc.Row { pandoc.Cell { pandoc.Plain(job.pair_headers[1]) },
        pandoc.Cell { pandoc.Plain(job.pair_headers[2]) } }
      return pandoc.Table({ long = {} }, { { pandoc.AlignDefault, 0.5 }, { pandoc.AlignDefault, 0.5 } },
        pandoc.TableHead { head }, { { attr = pandoc.Attr(), body = rows, head = {}, row_head_columns = 0 } },
        pandoc.TableFoot(), pandoc.Attr("", { "kz-pairs" }))
    end,
  }
  -- Recommendation lists: every slot in a kz-list div becomes one list item.
  doc = doc:walk {
    Div = function(div)
      if div.classes:includes("kz-list") then
        local items = {}
        for _, b in ipairs(div.content) do
          if b.t == "Div" and b.classes:includes("kz-item") then
            table.insert(items, b.content)
          elseif is_source_mark(b) then
            -- a block's source mark is not a list item of its own
          else
            table.insert(items, { b })
          end
        end
        local list = div.classes:includes("kz-numbered") and pandoc.OrderedList(items) or pandoc.BulletList(items)
        div.content = { list }
        div.classes = div.classes:filter(function(c) return c ~= "kz-list" and c ~= "kz-numbered" end)
        return div
      end
    end,
  }
  return number_headings(doc)
end

-- Citation locators: whatever label the drafter wrote ("art.", "ст."), the label this language's
-- citation style knows, so that citeproc recognises the locator (and so Ibid. works).
local function normalise_locators(doc, labels)
  local function relabel(text)
    if labels[text] then return labels[text] end
    -- pandoc's reader joins an abbreviation to the next word with a no-break space ("p. 9")
    local label, rest = text:match("^(.-)\u{00A0}(.*)$")
    if label and labels[label] then return labels[label] .. "\u{00A0}" .. rest end
    return nil
  end
  return doc:walk {
    Cite = function(cite)
      for _, citation in ipairs(cite.citations) do
        local suffix = citation.suffix
        for i, el in ipairs(suffix) do
          if el.t == "Str" and el.text ~= "," then
            local new = relabel(el.text)
            if new then suffix[i] = pandoc.Str(new) end
            break
          end
        end
        citation.suffix = suffix
      end
      return cite
    end,
  }
end

-- citeproc takes each citation's note number from the reader, which counted notes only within
-- the text it read. Bodies are read one by one, so count again over the whole document: every
-- footnote and every citation outside a footnote (which citeproc turns into one) is a note.
local function renumber_notes(doc)
  local n = 0
  local function set(cite, num)
    for _, c in ipairs(cite.citations) do c.note_num = num end
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

-- UN-style numbered paragraphs: every body paragraph 1..N; recommendations also bold.
local function number_paragraphs(doc)
  local n = 0
  local SKIP = { ["kz-cover"] = true, ["kz-letterhead"] = true, ["kz-annex"] = true, ["kz-case-title"] = true,
    ["kz-follows-intro"] = true, ["kz-follows"] = true, ["kz-legend"] = true, ["kz-title"] = true, ["kz-subtitle"] = true,
    ["kz-date"] = true, ["kz-issued"] = true, ["kz-no-number"] = true }
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

-- 2. counting (for the manifest) -----------------------------------------------------------------

local function count(doc)
  local notes, words = 0, 0
  doc:walk {
    Note = function() notes = notes + 1 end,
    Str = function(s)
      if s.text:match("[%w\128-\255]") then words = words + 1 end
    end,
  }
  return notes, words
end

-- Everything of the document a reader could see, for kzreport's leak guard (kzreport/safety/guard.py):
-- each paragraph's text joined across emphasis, links and notes, link targets, image sources and
-- titles, every attribute, raw text and the metadata.
local function published_text(doc)
  local parts = {}
  local function add(s) if s and s ~= "" then parts[#parts + 1] = s end end
  local function attr(a)
    if not a then return end
    add(a.identifier)
    for _, c in ipairs(a.classes) do add(c) end
    for k, v in pairs(a.attributes) do add(k); add(v) end
  end
  for _, value in pairs(doc.meta) do add(pandoc.utils.stringify(value)) end
  local function text_block(b) add(pandoc.utils.stringify(b)); attr(b.attr) end
  doc:walk {
    Para = text_block, Plain = text_block, Header = text_block, LineBlock = text_block,
    CodeBlock = function(b) add(b.text); attr(b.attr) end,
    RawBlock = function(b) add(b.text) end,
    RawInline = function(i) add(i.text) end,
    Link = function(l) add(l.target); add(l.title); attr(l.attr) end,
    Image = function(i) add(i.src); add(i.title); add(pandoc.utils.stringify(i.caption)); attr(i.attr) end,
    Span = function(s) attr(s.attr) end,
    Div = function(d) attr(d.attr) end,
    Code = function(c) attr(c.attr) end,
    Table = function(t) add(pandoc.utils.stringify(t.caption.long)); attr(t.attr) end,
  }
  return table.concat(parts, "\n")
end

-- 3. formats -------------------------------------------------------------------------------------

local function docx_toc(doc, title, depth)
  -- A table of contents field already filled with the headings, so Word and LibreOffice show it
  -- without asking to update fields; "Update field" in Word adds the page numbers.
  local entries = {}
  doc:walk {
    Header = function(h)
      if h.level <= depth and not h.classes:includes("unlisted") and h.identifier ~= "" then
        table.insert(entries, { level = h.level, id = h.identifier, text = pandoc.utils.stringify(h) })
      end
    end,
  }
  local xml = { '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/>',
    '</w:docPartObj></w:sdtPr><w:sdtContent>',
    '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr><w:r><w:t xml:space="preserve">', xml_escape(title),
    '</w:t></w:r></w:p>' }
  for i, e in ipairs(entries) do
    table.insert(xml, '<w:p><w:pPr><w:pStyle w:val="TOC' .. e.level .. '"/></w:pPr>')
    if i == 1 then
      table.insert(xml, '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        .. ' TOC \\o "1-' .. depth .. '" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    end
    table.insert(xml, '<w:hyperlink w:anchor="' .. xml_escape(e.id) .. '" w:history="1"><w:r><w:t xml:space="preserve">'
      .. xml_escape(e.text) .. '</w:t></w:r></w:hyperlink>')
    if i == #entries then table.insert(xml, '<w:r><w:fldChar w:fldCharType="end"/></w:r>') end
    table.insert(xml, '</w:p>')
  end
  table.insert(xml, '</w:sdtContent></w:sdt>')
  return pandoc.RawBlock("openxml", table.concat(xml))
end

local function to_docx(doc, job)
  local function styled(blocks, style)
    return pandoc.Div(blocks, pandoc.Attr("", {}, { ["custom-style"] = style }))
  end
  doc = doc:walk {
    Span = function(span)
      local c = kz_class(span.attr)
      if c and DOCX_SPAN_STYLES[c] then span.attributes["custom-style"] = DOCX_SPAN_STYLES[c] end
      return span
    end,
  }
  doc = each_cell(doc, function(cell, head)
    local fill = cell.attributes["kz-fill"]
    if fill then
      -- pandoc writes no cell shading; this hidden marker tells kzreport's post-processing
      -- which cell to fill (kzreport/formats/docx.py), and is removed there.
      local marker = pandoc.RawInline("openxml",
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>kzfill:' .. fill:gsub("#", "") .. '</w:t></w:r>')
      local blocks = cell.contents
      if #blocks > 0 and (blocks[#blocks].t == "Plain" or blocks[#blocks].t == "Para") then
        blocks[#blocks].content:insert(marker)
      end
      cell.attributes["kz-fill"] = nil
    end
    -- table text has its own styles: smaller, not justified, the header row bold (pandoc gives
    -- every Plain in a table the style Compact, so the cell's text is made a paragraph first)
    local contents = pandoc.Blocks(cell.contents):walk { Plain = function(p) return pandoc.Para(p.content) end }
    cell.contents = { styled(contents, head and "Table Heading" or "Table Text") }
    return cell
  end)
  doc = doc:walk {
    Div = function(div)
      local c = kz_class(div.attr)
      if not c then return nil end
      if c == "kz-pagebreak" then
        return pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
      elseif c == "kz-toc" then
        return docx_toc(doc, pandoc.utils.stringify(div.content), tonumber(div.attributes.depth or "2"))
      end
      local item_style = DOCX_ITEM_STYLES[c]
      if item_style then
        div.content = pandoc.Blocks(div.content):walk {
          BulletList = function(l)
            for i, item in ipairs(l.content) do l.content[i] = { styled(item, item_style) } end
            return l
          end,
          OrderedList = function(l)
            for i, item in ipairs(l.content) do l.content[i] = { styled(item, item_style) } end
            return l
          end,
        }
      end
      if DOCX_STYLES[c] then div.attributes["custom-style"] = DOCX_STYLES[c] end
      return div
    end,
  }
  return doc
end

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
local LONG_WORD = 1000

local function split_long_words(doc)
  return doc:walk {
    Str = function(s)
      local text = s.text
      if #text <= LONG_WORD then return nil end
      local pieces, i = {}, 1
      while i <= #text do
        local j = math.min(i + LONG_WORD - 1, #text)
        -- never end a piece inside a UTF-8 character (continuation bytes are 0x80-0xBF)
        while j < #text and text:byte(j + 1) >= 0x80 and text:byte(j + 1) < 0xC0 do j = j + 1 end
        pieces[#pieces + 1] = pandoc.Str(text:sub(i, j))
        i = j + 1
      end
      return pieces
    end,
  }
end

local function to_typst(doc, job)
  doc = split_long_words(doc)
  doc = each_cell(doc, function(cell)
    cell.contents = pandoc.Blocks(cell.contents):walk { Plain = escape_line_start, Para = escape_line_start }
    local fill = cell.attributes["kz-fill"]
    if fill then
      cell.attributes["typst:fill"] = 'rgb("' .. fill .. '")'
      cell.attributes["kz-fill"] = nil
    end
    return cell
  end)
  doc = doc:walk {
    Image = function(img)
      -- Typst reads files only inside the build's own folder (its root), given as "/path/under/root"
      local root = job.root .. "/"
      if img.src:sub(1, #root) == root then img.src = "/" .. img.src:sub(#root + 1) end
      return img
    end,
    Table = function(t)
      -- let every table break across pages, repeating its header row (see kzreport.typ)
      return { pandoc.RawBlock("typst", "#kz-table["), t, pandoc.RawBlock("typst", "]") }
    end,
    Span = function(span)
      local c = kz_class(span.attr)
      if c then
        local out = pandoc.Inlines { pandoc.RawInline("typst", "#" .. c .. "[") }
        out:extend(span.content)
        out:insert(pandoc.RawInline("typst", "]"))
        return out
      end
    end,
  }
  doc = doc:walk {
    Div = function(div)
      local c = kz_class(div.attr)
      if not c then return nil end
      if c == "kz-pagebreak" then return pandoc.RawBlock("typst", "#pagebreak(weak: true)") end
      if c == "kz-toc" then
        return pandoc.RawBlock("typst", "#kz-toc(" .. typst_string(pandoc.utils.stringify(div.content))
          .. ", depth: " .. math.floor(tonumber(div.attributes.depth) or 2) .. ")")
      end
      local out = pandoc.Blocks { pandoc.RawBlock("typst", "#" .. c .. "[") }
      out:extend(div.content)
      out:insert(pandoc.RawBlock("typst", "]"))
      return out
    end,
  }
  return doc
end

local function to_html(doc, job)
  doc = each_cell(doc, function(cell)
    local fill = cell.attributes["kz-fill"]
    if fill then
      cell.attributes["style"] = "background-color: " .. fill
      cell.attributes["kz-fill"] = nil
    end
    return cell
  end)
  return doc:walk {
    Link = function(link)
      -- a page on the web opened from the report learns nothing about it and cannot reach it
      if link.target:match("^%a[%w+.%-]*:") or link.target:match("^//") then
        link.attributes.rel = "noopener noreferrer"
        return link
      end
    end,
    Div = function(div)
      local c = kz_class(div.attr)
      if c == "kz-toc" then
        local items = {}
        doc:walk { Header = function(h)
          if h.level <= tonumber(div.attributes.depth or "2") and h.identifier ~= "" then
            table.insert(items, { pandoc.Plain { pandoc.Link(h.content, "#" .. h.identifier) } })
          end
        end }
        return pandoc.Div({ pandoc.Header(2, pandoc.utils.stringify(div.content), pandoc.Attr("", { "unnumbered", "unlisted" })),
          pandoc.BulletList(items) }, pandoc.Attr("", { "kz-toc" }))
      end
    end,
  }
end

-- 4. the jobs -------------------------------------------------------------------------------------

local function writer_options(out, job)
  local opts = { extensions = {} }
  if out.format == "docx" then
    opts.reference_doc = out.reference_doc
  else
    opts.template = pandoc.template.compile(read_file(out.template), out.template)
    opts.variables = out.variables or {}
  end
  return opts
end

local FORMAT = {
  docx = { writer = "docx", transform = to_docx },
  typst = { writer = "typst-citations", transform = to_typst },
  html = { writer = "html5", transform = to_html },
}

local function run(job)
  local doc = assemble(job)
  doc = normalise_locators(doc, job.locators)
  doc = renumber_notes(doc)
  doc.meta.bibliography = job.references
  doc.meta.csl = job.csl
  doc.meta.lang = job.lang
  doc.meta["link-citations"] = false
  doc.meta["suppress-bibliography"] = not job.sources_list
  doc = pandoc.utils.citeproc(doc)
  doc = safe_links(doc)  -- after citeproc: also the addresses of the sources
  -- pandoc would write the remaining metadata into the DOCX as custom properties; the temporary
  -- paths there would make every build differ, so keep only the language
  for _, key in ipairs { "bibliography", "csl", "link-citations", "suppress-bibliography", "references" } do
    doc.meta[key] = nil
  end
  if job.numbered then doc = number_paragraphs(doc) end
  local notes, words = count(doc)
  local text = published_text(doc)
  for key, value in pairs(job.meta or {}) do doc.meta[key] = value end
  for _, out in ipairs(job.outputs) do
    local fmt = FORMAT[out.format]
    local this = fmt.transform(doc:clone(), job)
    local opts = writer_options(out, job)
    local data = pandoc.write(this, fmt.writer, opts)
    write_file(out.path, data)
  end
  return { notes = notes, words = words, text = text }
end

-- Each finished job is announced on its own line at once, so kzreport can finish that document
-- (DOCX post-processing, Typst) while this process converts the next one.
local jobs = json.decode(read_file(arg[1]), false)
for _, job in ipairs(jobs) do
  local ok, res = pcall(run, job)
  if not ok then res = { error = tostring(res) } end
  res.id = job.id
  io.stdout:write(json.encode(res), "\n")
  io.stdout:flush()
end
