--[[
kz_docx: the document for pandoc's DOCX writer. kzreport's semantic classes become Word styles
(custom-style), which a user restyles in the reference document; the names come with the job
(job.vocabulary.docx, from kzreport/formats/vocabulary.py). Tables get their text styles and fills,
page breaks and the table of contents become OpenXML.
]]

local util = require("kz_util")
local kz_class, xml_escape = util.kz_class, util.xml_escape

local M = {}

-- The table of contents: the headings the PDF's bookmarks list, each a link to its heading with a
-- PAGEREF field for its page. LibreOffice computes those as it lays the document out, and Word when it
-- opens it (the settings ask it to update fields: formats/word.py). There is no TOC field around
-- them: LibreOffice would show a TOC field's stored text, without page numbers (docs/templates.md).
function M.toc(doc, title, depth)
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
  for _, e in ipairs(entries) do
    table.insert(xml, '<w:p><w:pPr><w:pStyle w:val="TOC' .. e.level .. '"/></w:pPr>')
    table.insert(xml, '<w:hyperlink w:anchor="' .. xml_escape(e.id) .. '" w:history="1"><w:r><w:t xml:space="preserve">'
      .. xml_escape(e.text) .. '</w:t></w:r><w:r><w:tab/></w:r>'
      .. '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r><w:r><w:instrText xml:space="preserve"> PAGEREF '
      .. xml_escape(e.id) .. ' \\h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
      .. '<w:r><w:t></w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:hyperlink>')
    table.insert(xml, '</w:p>')
  end
  table.insert(xml, '</w:sdtContent></w:sdt>')
  return pandoc.RawBlock("openxml", table.concat(xml))
end

local function styled(blocks, style)
  return pandoc.Div(blocks, pandoc.Attr("", {}, { ["custom-style"] = style }))
end

-- A table cell: its fill as a marker for kzreport's post-processing, its text in a table style.
local function table_cell(cell, head, styles)
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
  cell.contents = { styled(contents, head and styles.table_head or styles.table_body) }
  return cell
end

-- Each item of the lists in blocks, a paragraph in the style.
local function style_items(blocks, style)
  local function items(l)
    for i, item in ipairs(l.content) do l.content[i] = { styled(item, style) } end
    return l
  end
  return pandoc.Blocks(blocks):walk { BulletList = items, OrderedList = items }
end

function M.to_docx(doc, job)
  if type(job.vocabulary) ~= "table" then error("the job has no vocabulary (kzreport/formats/vocabulary.py, for_lua)") end
  local styles = job.vocabulary.docx
  local toc_doc = doc  -- the contents list the headings as written (unlisted ones are left out)
  -- one walk (each walk of a whole document costs): inline elements first, then blocks from the
  -- innermost out, so a div sees its tables and headings already styled
  doc = doc:walk {
    Span = function(span)
      local c = kz_class(span.attr)
      if c and styles.span[c] then span.attributes["custom-style"] = styles.span[c] end
      return span
    end,
    Table = function(t) return util.cells(t, function(cell, head) return table_cell(cell, head, styles) end) end,
    -- a heading left out of the contents (".unlisted") keeps its look but not its outline level, so
    -- that Word's contents, once updated, lists what the PDF's bookmarks list
    Header = function(h)
      local style = styles.unlisted_heading and styles.unlisted_heading[tostring(h.level)]
      if h.classes:includes("unlisted") and style then return styled({ pandoc.Para(h.content) }, style) end
    end,
    Div = function(div)
      local c = kz_class(div.attr)
      if not c then return nil end
      if c == "kz-pagebreak" then
        return pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
      elseif c == "kz-toc" then
        return M.toc(toc_doc, pandoc.utils.stringify(div.content), tonumber(div.attributes.depth or "2"))
      end
      if styles.item[c] then div.content = style_items(div.content, styles.item[c]) end
      if styles.paragraph[c] then div.attributes["custom-style"] = styles.paragraph[c] end
      return div
    end,
  }
  return doc
end

return M
