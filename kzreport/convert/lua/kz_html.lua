--[[
kz_html: the document for pandoc's HTML writer. kzreport's semantic classes stay HTML classes (the
page's style sheet, kzreport.html, styles them); table fills become cell backgrounds, links to other
sites open without a referrer, and the table of contents becomes a list of links.
]]

local util = require("kz_util")
local kz_class = util.kz_class

local M = {}

local function table_cell(cell)
  local fill = cell.attributes["kz-fill"]
  if fill then
    cell.attributes["style"] = "background-color: " .. fill
    cell.attributes["kz-fill"] = nil
  end
  return cell
end

local function toc(doc, div)
  local items = {}
  doc:walk { Header = function(h)
    if h.level <= tonumber(div.attributes.depth or "2") and h.identifier ~= "" then
      table.insert(items, { pandoc.Plain { pandoc.Link(h.content, "#" .. h.identifier) } })
    end
  end }
  return pandoc.Div({ pandoc.Header(2, pandoc.utils.stringify(div.content), pandoc.Attr("", { "unnumbered", "unlisted" })),
    pandoc.BulletList(items) }, pandoc.Attr("", { "kz-toc" }))
end

function M.to_html(doc, job)  -- job: the same arguments as every format's transform
  local toc_doc = doc
  return doc:walk {
    Table = function(t) return util.cells(t, table_cell) end,
    Link = function(link)
      -- a page on the web opened from the report learns nothing about it and cannot reach it
      if link.target:match("^%a[%w+.%-]*:") or link.target:match("^//") then
        link.attributes.rel = "noopener noreferrer"
        return link
      end
    end,
    Div = function(div)
      local c = kz_class(div.attr)
      if c == "kz-toc" then return toc(toc_doc, div) end
      if c == "kz-numbered-para" then return require("kz_paragraphs").typed(div) end
    end,
  }
end

return M
