--[[
kz_safety: content is text, never code. The readers, and what makes a block's body or a table cell
(from the content, never a template) safe to publish: raw HTML and raw blocks or spans for any format
are printed as the text they are, HTML comments are the drafters' notes and are left out, only
harmless attributes are kept, and links go only to the web, an e-mail address or a telephone number.
]]

local M = {}

-- Heading ids are given after assembly (see kz_assemble.number_headings), so the reader makes none.
M.READER = "markdown-implicit_figures-auto_identifiers"
-- Content is text, never code: the skeleton (the templates' output) is trusted and read with READER,
-- but block bodies and table cells come from many drafters and are read with this one. TeX is
-- text (`\textbf{Article 146}`, `C:\Users\new` print as typed), HTML tags do not make divs or spans,
-- and neither a metadata block nor a `% title` line can swallow text. Raw HTML and raw blocks or
-- spans (```{=typst}```) are still recognised, only to be printed as text (see as_text); kzreport
-- refuses them before (kzreport/load/rawtext.py), so this is the second line.
M.BODY_READER = M.READER .. "-raw_tex-latex_macros-native_divs-native_spans-markdown_in_html_blocks"
  .. "-yaml_metadata_block-pandoc_title_block"

local function only_comments(s)
  return (s:gsub("<!%-%-.-%-%->", "")):match("^%s*$") ~= nil
end

local function safe_name(s)
  return s:match("^%a[%w_%-]*$") ~= nil
end

-- What a drafter may write in {...}: an id, classes, a language, a direction, an image's size.
-- Everything else (event handlers, style, `custom-style`, `typst:*`, which writers pass on as
-- code) is dropped, and so are kzreport's own kz-* classes, which are for templates.
function M.safe_attr(attr, image)
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

-- `images` (a table: the source a drafter wrote -> the staged copy's path) says which images may be
-- shown; any other image is replaced by its description, so no file from elsewhere is ever read
-- and no text disappears (kzreport/load/assets.py stages the copies).
function M.as_text(blocks, images)
  local function attr(el)
    el.attr = M.safe_attr(el.attr, el.t == "Image")
    return el
  end
  return pandoc.Blocks(blocks):walk {
    Image = function(img)
      local staged = images and images[img.src]
      if not staged then return pandoc.Span(img.caption, pandoc.Attr("", { "kz-missing-image" })) end
      img.src = staged
      return attr(img)
    end,
    RawBlock = function(b)
      if b.format == "html" and only_comments(b.text) then return {} end
      return pandoc.CodeBlock(b.text)
    end,
    RawInline = function(i)
      if i.format == "html" and only_comments(i.text) then return {} end
      if i.format == "html" then return pandoc.Str((i.text:gsub("%s+", " "))) end
      return pandoc.Code(i.text)
    end,
    Div = attr, Span = attr, Header = attr, Link = attr, Code = attr, CodeBlock = attr,
    Table = attr, Figure = attr,
  }
end

-- Each reader extension switched off costs pandoc.read about a millisecond per call (pandoc 3.9: the
-- 79 bodies of a report are read in 0.05 s with "markdown", 0.15 s with BODY_READER). A text that
-- holds nothing those extensions read (no backslash, no "<", no image, no "---" line, no "%" title,
-- no heading, whose ids auto_identifiers would make) reads the same with pandoc's own markdown, so
-- most bodies are read that way. tests/test_lua_entry.py compares both on many texts.
function M.needs_body_reader(text)
  return text:find("[\\<#]") or text:find("![", 1, true) or text:find("---", 1, true) or text:match("^%s*%%")
    or text:match("^[ \t]*[-=]+[ \t]*\n") or text:find("\n[ \t]*[-=]+[ \t]*\n") or text:find("\n[ \t]*[-=]+[ \t]*$")
end

function M.read_body(text)
  return pandoc.read(text, M.needs_body_reader(text) and M.BODY_READER or "markdown").blocks
end

-- A text from the content (a block's body, a table cell), read as the body reader reads it, with
-- the staged copies of its images (see as_text).
function M.parse_markdown(text, images)
  return M.as_text(M.read_body(text), images)
end

-- Most table cells (a point's number, a recommendation, a comment: escaped text from render/scores.py)
-- are words and punctuation only; reading each with pandoc took a quarter of a follow-up note's time.
-- Such a cell is built directly, as the reader would build it: a paragraph of words. Anything the
-- reader could read otherwise goes to it: a mark (* _ ` [ ] < > # ...), a quote or apostrophe (made
-- typographic), "..." or "--", a line break, a list or heading start ("1.", "a)", "(iv)", "- "), an
-- abbreviation such as "p. 5"
-- (joined by a no-break space), a backslash before anything but punctuation (an escaped space).
-- tests/test_lua_entry.py compares both on many texts.
local NOT_PLAIN = "[\\`*_%[%]{}<>#+!|~^$@&\"'\n\r\t]"

function M.plain_text(text)
  if text == "" or text:find("...", 1, true) or text:find("--", 1, true) or text:find("  ", 1, true)
      or text:match("^%s") or text:match("%s$") or text:match("^%(?%w+[.)]") or text:match("^[-=]")
      or text:find("://", 1, true) then
    return nil
  end
  if text:gsub("\\%p", ""):find(NOT_PLAIN) then return nil end
  for letters in text:gmatch("([%a\128-\255]*)%. ") do  -- the letters just before ". " (UTF-8 bytes too)
    if #letters <= 6 then return nil end
  end
  local inlines = pandoc.Inlines {}
  for word in text:gsub("\\(%p)", "%1"):gmatch("[^ ]+") do
    if #inlines > 0 then inlines:insert(pandoc.Space()) end
    inlines:insert(pandoc.Str(word))
  end
  return pandoc.Blocks { pandoc.Para(inlines) }
end

-- Links go only to the web, to an e-mail address or a telephone number (or within the document):
-- a javascript:, data:, file: ... link, from a block or a source, becomes its text, in every format.
local SAFE_SCHEMES = { http = true, https = true, mailto = true, tel = true }

function M.safe_target(target)
  -- as a browser reads an address: ASCII whitespace and control characters anywhere are ignored
  local t = target:gsub("[%c ]", ""):lower()
  local scheme = t:match("^(%a[%w+.%-]*):")
  if scheme then return SAFE_SCHEMES[scheme] == true end
  return not t:match("^[^/?#]*"):find(":", 1, true)
end

-- A Link filter function: an unsafe link becomes its text.
function M.safe_link(link)
  if not M.safe_target(link.target) then return link.content end
end

function M.safe_links(doc)
  return doc:walk { Link = M.safe_link }
end

-- A Link filter function for the assembled document: a link to a heading ([the arrest](#the-arrest))
-- goes to the id the heading now has (`renamed`, from kz_assemble); a link into the document to no
-- heading becomes its text (Typst would refuse the whole PDF, Word and browsers would go nowhere);
-- any other link as safe_link says.
function M.link_filter(renamed)
  return function(link)
    local id = link.target:match("^#(.+)$")
    if id then
      if renamed and renamed[id] then
        link.target = "#" .. renamed[id]
        return link
      end
      return link.content
    end
    return M.safe_link(link)
  end
end

return M
