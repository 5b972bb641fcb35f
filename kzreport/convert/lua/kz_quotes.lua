--[[
kz_quotes: quotation marks as the document's language writes them. pandoc's readers turn "typed
quotes" into Quoted elements, which the Word and HTML writers print as English “…”, and citeproc
makes some too (a title in a note); Typst alone would follow the language. So every format gets the
same marks, written out: job.quotes is the language's four marks (outer open, outer close, inner
open, inner close; strings key typography.quotes, e.g. «»„“ in Russian).
]]

local M = {}

local function marked(quoted, open, close)
  local out = pandoc.Inlines { pandoc.Str(open) }
  out:extend(quoted.content)
  out:insert(pandoc.Str(close))
  return out
end

function M.language_quotes(doc, quotes)
  if type(quotes) ~= "table" or #quotes ~= 4 then return doc end
  local function inner(q) return marked(q, quotes[3], quotes[4]) end
  -- top down: an outer quotation takes the outer pair (unless typed with single quotes) and every
  -- quotation inside it the inner pair
  return doc:walk {
    traverse = "topdown",
    Quoted = function(q)
      if q.quotetype == "SingleQuote" then return inner(pandoc.Quoted(q.quotetype, q.content:walk { Quoted = inner })), false end
      q.content = q.content:walk { Quoted = inner }
      return marked(q, quotes[1], quotes[2]), false
    end,
  }
end

return M
