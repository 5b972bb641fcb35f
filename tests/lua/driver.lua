--[[
The test driver of kzreport's Lua modules (kzreport/convert/lua/kz_*.lua), without a kzreport build:

    pandoc lua tests/lua/driver.lua LUA_DIR CASE_DIR [VOCABULARY_JSON]

reads CASE_DIR/case.json, {"steps": [...], "write": "native" | "typst" | "html" | "json", "job": {...}},
with the job's Markdown in CASE_DIR/input.md when there is one, runs the steps on one document and
prints it as `write` says (the expected output is CASE_DIR/expected.<write>; tests/test_lua_golden.py
compares them). VOCABULARY_JSON is the job's vocabulary when the case has none (formats/vocabulary.py).
What the modules print while they work (`kz-at` lines) goes to stderr.
]]

local lua_dir, case_dir, vocabulary_file = arg[1], arg[2], arg[3]
package.path = lua_dir .. "/?.lua;" .. package.path

local util = require("kz_util")
local safety = require("kz_safety")
local assemble = require("kz_assemble")
local notes = require("kz_notes")
local paragraphs = require("kz_paragraphs")
local docx = require("kz_docx")
local typst = require("kz_typst")
local html = require("kz_html")
local quotes = require("kz_quotes")

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

local case = pandoc.json.decode(util.read_file(case_dir .. "/case.json"), false)
local job = case.job or {}
if exists(case_dir .. "/input.md") then job.markdown = util.read_file(case_dir .. "/input.md") end
if not job.vocabulary and vocabulary_file then
  job.vocabulary = pandoc.json.decode(util.read_file(vocabulary_file), false)
end
if case.long_word then typst.LONG_WORD = case.long_word end

local results = {}
local STEPS = {
  read = function() return pandoc.read(job.markdown, safety.READER) end,
  read_body = function() return pandoc.Pandoc(safety.parse_markdown(job.markdown, job.images)) end,
  assemble = function() return assemble.assemble(job) end,
  renumber_notes = function(doc) return notes.renumber_notes(doc, job.locators) end,
  safe_links = safety.safe_links,
  number_headings = function(doc)
    job.heading_ids = {}
    return assemble.number_headings(doc, job.heading_ids)
  end,
  number_paragraphs = paragraphs.number_paragraphs,
  split_long_words = typst.split_long_words,
  language_quotes = function(doc) return quotes.language_quotes(doc, job.quotes) end,
  to_docx = function(doc) return docx.to_docx(doc, job) end,
  to_typst = function(doc) return typst.to_typst(doc, job) end,
  to_html = function(doc) return html.to_html(doc, job) end,
  survey = function(doc)
    doc, results.survey = notes.survey(doc, safety.link_filter(job.heading_ids))  -- as kzreport.lua does
    job.longest_word = results.survey.longest_word  -- as kzreport.lua gives it to kz_typst
    return doc
  end,
}

local stdout = io.stdout
io.stdout = io.stderr
local doc
for _, step in ipairs(case.steps) do
  local fn = assert(STEPS[step], "no step " .. step)
  doc = fn(doc)
end
io.stdout = stdout

local WRITERS = { native = "native", typst = "typst-citations", html = "html5" }
if case.write == "json" then
  stdout:write(pandoc.json.encode(results), "\n")
else
  local writer = assert(WRITERS[case.write], "no writer " .. tostring(case.write))
  stdout:write(pandoc.write(doc, writer), "\n")
end
