--[[
kzreport's pandoc process: `pandoc lua kzreport.lua -` (kzreport/convert/pandoc.py runs it), which
reads the jobs one a line on its standard input as kzreport renders them; or
`pandoc lua kzreport.lua JOB.json`, which reads a file of one job or a list of them (the build's
private folder keeps each job's file with KZREPORT_KEEP_TMP=1, to run it again by hand).

Every document of a build (each report in each language) is a job. For each job this script
  1. reads the Markdown skeleton that the Jinja templates produced, and puts each block's body
     (read separately, so one block's broken Markdown or footnote labels cannot leak into another)
     and each scoring table in its slot (kz_assemble, with kz_safety: content is text);
  2. runs citeproc once, so footnote numbers, "Ibid." and "see note N above" are decided once and
     are the same in every format (kz_notes; kz_paragraphs numbers the paragraphs after it);
  3. maps kzreport's semantic classes (kz-case, kz-title, ...) to each format: Word paragraph
     styles (custom-style, named by the job's vocabulary), calls to functions of the Typst template,
     or HTML classes (kz_docx, kz_typst, kz_html);
  4. writes every requested format from that one AST, and prints one line of JSON (the job's id,
     footnotes and words, or its error) as soon as the job is done.
A process converts several documents, which keeps pandoc's start-up cost small.
The modules are the kz_*.lua files next to this script; tests/lua/ has a golden test of each.
]]

-- The modules are found next to this script, before anywhere else (`pandoc lua` sets arg[0]).
local here = (PANDOC_SCRIPT_FILE or arg[0]):match("^(.*)[/\\]") or "."
package.path = here .. "/?.lua;" .. package.path

local util = require("kz_util")
local safety = require("kz_safety")
local assemble = require("kz_assemble")
local notes = require("kz_notes")
local paragraphs = require("kz_paragraphs")
local quotes = require("kz_quotes")

local json = pandoc.json

-- KZREPORT_LUA_PROFILE=1: the CPU seconds of each stage, summed over the process's jobs, on stderr
-- at the end (kzreport -v shows pandoc's stderr); to see where pandoc's time goes (README, Speed).
local PROFILE = os.getenv("KZREPORT_LUA_PROFILE") == "1"
local spent, last = {}, 0
local function stage(name)
  if not PROFILE then return end
  local now = os.clock()
  spent[name] = (spent[name] or 0) + now - last
  last = now
end

local function writer_options(out, job)
  local opts = { extensions = {} }
  if out.format == "docx" then
    opts.reference_doc = out.reference_doc
  else
    opts.template = pandoc.template.compile(util.read_file(out.template), out.template)
    opts.variables = out.variables or {}
  end
  return opts
end

local FORMAT = {
  docx = { writer = "docx", transform = require("kz_docx").to_docx },
  typst = { writer = "typst-citations", transform = require("kz_typst").to_typst },
  html = { writer = "html5", transform = require("kz_html").to_html },
}

local function run(job)
  stage("other")
  local doc = assemble.assemble(job)
  stage("assemble")
  if job.review then
    doc = require("kz_review").columns(doc, job)  -- a review copy: each column its own notes
    doc.meta.lang = job.lang
  else
    doc = notes.renumber_notes(doc, job.locators)  -- and the locators' labels, in the same walk
    doc.meta.bibliography = job.references
    doc.meta.csl = job.csl
    doc.meta.lang = job.lang
    doc.meta["link-citations"] = false
    doc.meta["suppress-bibliography"] = not job.sources_list
    stage("before citeproc")
    doc = pandoc.utils.citeproc(doc)
  end
  stage("citeproc")
  -- pandoc would write the remaining metadata into the DOCX as custom properties; the temporary
  -- paths there would make every build differ, so keep only the language
  for _, key in ipairs { "bibliography", "csl", "link-citations", "suppress-bibliography", "references" } do
    doc.meta[key] = nil
  end
  doc = quotes.language_quotes(doc, job.quotes)  -- after citeproc, which makes quotations too
  if job.numbered then doc = paragraphs.number_paragraphs(doc) end
  stage("quotes, numbers")
  -- links are made safe after citeproc (the addresses of the sources too), in the survey's walk
  local survey
  doc, survey = notes.survey(doc, safety.link_filter(job.heading_ids))
  job.longest_word, survey.longest_word = survey.longest_word, nil  -- for kz_typst, not for kzreport
  stage("survey")
  for key, value in pairs(job.meta or {}) do doc.meta[key] = value end
  for _, out in ipairs(job.outputs) do
    local fmt = FORMAT[out.format]
    local this = fmt.transform(doc:clone(), job)
    stage("to " .. out.format)
    local opts = writer_options(out, job)
    local data = pandoc.write(this, fmt.writer, opts)
    util.write_file(out.path, data)
    stage("write " .. out.format)
  end
  return survey
end

-- The jobs, one at a time: from standard input as kzreport sends them ("-"), or from a file.
local function jobs()
  if arg[1] == "-" then
    return function()
      local line = io.read("l")
      return line and json.decode(line, false)
    end
  end
  local list = json.decode(util.read_file(arg[1]), false)
  if list.id then list = { list } end
  local i = 0
  return function()
    i = i + 1
    return list[i]
  end
end

-- Each finished job is announced on its own line at once, so kzreport can finish that document
-- (DOCX post-processing, Typst) while this process converts the next one.
for job in jobs() do
  local ok, res = pcall(run, job)
  if not ok then res = { error = tostring(res) } end
  res.id = job.id
  io.stdout:write(json.encode(res), "\n")
  io.stdout:flush()
end
if PROFILE then
  local names = {}
  for name in pairs(spent) do names[#names + 1] = name end
  table.sort(names, function(a, b) return spent[a] > spent[b] end)
  for _, name in ipairs(names) do io.stderr:write(string.format("kzreport-profile %-24s %.3f s\n", name, spent[name])) end
end
