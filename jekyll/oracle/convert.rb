# frozen_string_literal: true

# Convert Markdown documents with Jekyll's own Markdown converter, configured as a site's
# _config.yml would configure it: what Folio's Markdown engines are compared with.
#
#   echo '{"config": {"markdown": "kramdown"}, "documents": ["*a*"]}' | ruby convert.rb
#
# Prints a JSON list of HTML strings, one per document.

require "json"
require "jekyll"
require_relative "redcarpet_converter"
require_relative "commonmark_ghpages"

request = JSON.parse($stdin.read)
config = Jekyll::Configuration.from(request.fetch("config", {}))
converter = Jekyll::Converters::Markdown.new(config)
puts JSON.generate(request.fetch("documents").map { |document| converter.convert(document) })
