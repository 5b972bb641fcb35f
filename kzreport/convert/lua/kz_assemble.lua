--[[
kz_assemble: one document from a job. The Markdown skeleton the Jinja templates produced is read,
and each block's body (read separately, so one block's broken Markdown or footnote labels cannot
leak into another) and each scoring table is put in its slot; the bilingual pairs and the
recommendation lists take their shape; headings are given ids.
]]

local safety = require("kz_safety")

local M = {}

local function shift_headings(blocks, base)
  if not base or base <= 0 then return blocks end
  return pandoc.Blocks(blocks):walk {
    Header = function(h)
      h.level = math.min(h.level + base, 6)
      return h
    end,
  }
end

-- A block's text, read on its own.
local function body_blocks(job, ref)
  local body = job.bodies[ref]
  -- where this process is, for kzreport's time limit and messages (see convert/pandoc.py)
  io.stdout:write("kz-at ", ref, "\n")
  io.stdout:flush()
  local staged = {}  -- the staged copies (kzreport/load/assets.py), in the build's own folder
  for src, path in pairs(body.images or {}) do staged[src] = job.root .. "/" .. path end
  local blocks = safety.parse_markdown(body.text, staged)
  io.stdout:write("kz-at -\n")
  io.stdout:flush()
  return blocks
end

-- Typst comments around each block's text, so that a Typst error is reported at the block's file
-- and line (convert/typst.py); the other writers leave raw Typst out.
local function source_marked(blocks, ref)
  local out = pandoc.Blocks { pandoc.RawBlock("typst", "// kz-src: " .. ref) }
  out:extend(blocks)
  out:insert(pandoc.RawBlock("typst", "// kz-src: end"))
  return out
end

local function is_source_mark(b)
  return b.t == "RawBlock" and b.format == "typst" and b.text:match("^// kz%-src: ") ~= nil
end

-- A scoring table from its spec (kzreport/render/scores.py): each cell's text is content.
function M.build_table(spec)
  local function cell(c)
    local blocks = c.text ~= "" and (safety.plain_text(c.text) or safety.parse_markdown(c.text)) or pandoc.Blocks {}
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
-- A Header filter function numbering the headings it sees, in order; `renamed` (if given) gets each
-- id a drafter wrote ({#the-arrest}) and the one it became, for the links to it (kz_safety.link_filter).
local function heading_ids(renamed)
  local n = 0
  return function(h)
    n = n + 1
    if renamed and h.identifier ~= "" and not renamed[h.identifier] then renamed[h.identifier] = "sec-" .. n end
    h.identifier = "sec-" .. n
    return h
  end
end

function M.number_headings(doc, renamed)
  return doc:walk { Header = heading_ids(renamed) }
end

-- The bilingual review copy: kz-pair divs become the rows of a table: the unit, the source paragraph
-- and the translated one, each text cell tagged with its language (job.pair_langs) so that spelling
-- checkers and screen readers read each column in its own language.
local PAIR_SIDES = { "kz-pair-unit", "kz-pair-source", "kz-pair-target" }

local function pairs_table(div, headers, langs)
  local rows = {}
  for _, pair in ipairs(div.content) do
    if pair.t == "Div" and pair.classes:includes("kz-pair") then
      local cells = {}
      for _, side in ipairs(pair.content) do
        for i, class in ipairs(PAIR_SIDES) do
          if side.t == "Div" and side.classes:includes(class) then
            local lang = langs and langs[i] ~= "" and langs[i] or nil
            local content = lang and { pandoc.Div(side.content, pandoc.Attr("", {}, { lang = lang })) } or side.content
            cells[i] = pandoc.Cell(content, pandoc.AlignDefault, 1, 1, pandoc.Attr("", { class }))
          end
        end
      end
      for i = 1, #PAIR_SIDES do cells[i] = cells[i] or pandoc.Cell({}) end
      table.insert(rows, pandoc.Row(cells))
    end
  end
  local head = {}
  for i = 1, #PAIR_SIDES do head[i] = pandoc.Cell { pandoc.Plain(headers[i] or "") } end
  return pandoc.Table({ long = {} },
    { { pandoc.AlignDefault, 0.16 }, { pandoc.AlignDefault, 0.42 }, { pandoc.AlignDefault, 0.42 } },
    pandoc.TableHead { pandoc.Row(head) }, { { attr = pandoc.Attr(), body = rows, head = {}, row_head_columns = 0 } },
    pandoc.TableFoot(), pandoc.Attr("", { "kz-pairs" }))
end

-- Recommendation lists: every slot in a kz-list div becomes one list item.
local function list_div(div)
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

function M.assemble(job)
  job.heading_ids = {}
  local doc = pandoc.read(job.markdown, safety.READER)
  -- Two walks (each walk of a whole document costs). In the first, inline elements are seen before
  -- any block, so the images and spans are the skeleton's own, not those of the bodies put in.
  doc = doc:walk {
    -- images the templates print (the logo) are staged copies too, named relative to the build's folder
    Image = function(img)
      if img.src:match("^assets/img%-") then img.src = job.root .. "/" .. img.src end
      return img
    end,
    Span = function(span)
      if span.classes:includes("kz-note") then
        return pandoc.Note(body_blocks(job, span.attributes.ref))
      end
    end,
    Div = function(div)
      if div.classes:includes("kz-body") then
        local body = job.bodies[div.attributes.ref]
        return source_marked(shift_headings(body_blocks(job, div.attributes.ref), body.shift), div.attributes.ref)
      elseif div.classes:includes("kz-table") then
        return M.build_table(job.tables[div.attributes.ref])
      end
    end,
  }
  -- blocks from the innermost out, the headings in the order they come
  return doc:walk {
    Div = function(div)
      if div.classes:includes("kz-pairs") then return pairs_table(div, job.pair_headers, job.pair_langs) end
      if div.classes:includes("kz-list") then return list_div(div) end
    end,
    Header = heading_ids(job.heading_ids),
  }
end

return M
