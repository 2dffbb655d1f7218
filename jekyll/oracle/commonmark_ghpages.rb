# frozen_string_literal: true

# `markdown: CommonMarkGhPages` (GitHub Pages' CommonMark) when its gem is not installed:
# jekyll-commonmark's converter, which reads the same `commonmark` options. Only the
# header ids differ, and a reader does not see them.

begin
  require "jekyll-commonmark"
rescue LoadError
  nil
end

if defined?(Jekyll::Converters::Markdown::CommonMark) &&
   !Jekyll::Converters::Markdown.const_defined?(:CommonMarkGhPages, false)
  Jekyll::Converters::Markdown.const_set(
    :CommonMarkGhPages, Class.new(Jekyll::Converters::Markdown::CommonMark)
  )
end
