# frozen_string_literal: true

# Jekyll 4 dropped the Redcarpet converter Jekyll 3 had; blogs written for Jekyll 3 still
# say `markdown: redcarpet`. This restores it as Jekyll 3 configured it, so that the
# oracle renders such a blog as its own Jekyll did:
#
# - the extensions are exactly `redcarpet.extensions` from _config.yml, passed both to the
#   parser and to the HTML renderer (`with_toc_data`, `hard_wrap`… are renderer options);
# - fenced code blocks are on unless `no_fenced_code_blocks` is listed (Jekyll 3 forced
#   them on);
# - `smart` adds SmartyPants;
# - code blocks are highlighted by Rouge and wrapped as Jekyll 3 wrapped them:
#   <div class="highlight"><pre><code class="language-x" data-lang="x">…</code></pre></div>.
#
# Loaded by folio_build.rb (it is safe: it runs no site code), or usable on its own as a
# site plugin (_plugins/redcarpet_converter.rb).

require "redcarpet"
require "rouge"
require "rouge/plugins/redcarpet"

module Jekyll
  module Converters
    class Markdown
      class RedcarpetParser
        # Rouge's Redcarpet plugin highlights; this puts Jekyll 3's wrapper around it.
        module JekyllCodeWrapper
          def block_code(code, language)
            language = language.to_s.split.first
            highlighted = "<pre>#{super}</pre>"
            label = language.to_s
            opening = "<pre><code class=\"language-#{label}\" data-lang=\"#{label}\">"
            highlighted = highlighted.sub("<pre>", opening).sub(%r!</pre>\z!, "</code></pre>")
            "<div class=\"highlight\">#{highlighted}</div>"
          end

          def rouge_formatter(_lexer)
            Rouge::Formatters::HTML.new
          end
        end

        def initialize(config)
          settings = config["redcarpet"].is_a?(Hash) ? config["redcarpet"] : {}
          @extensions = {}
          Array(settings["extensions"]).each { |name| @extensions[name.to_s.to_sym] = true }
          @extensions[:fenced_code_blocks] = !@extensions[:no_fenced_code_blocks]
          smart = @extensions[:smart]
          @renderer_class = Class.new(Redcarpet::Render::HTML) do
            include Rouge::Plugins::Redcarpet
            include JekyllCodeWrapper
            include Redcarpet::Render::SmartyPants if smart
          end
        end

        def convert(content)
          Redcarpet::Markdown.new(@renderer_class.new(@extensions), @extensions).render(content)
        end
      end

      # `markdown: redcarpet` (any case) picks the parser above, as in Jekyll 3.
      module RedcarpetChoice
        def get_processor
          return RedcarpetParser.new(@config) if @config["markdown"].to_s.casecmp?("redcarpet")

          super
        end
      end
      prepend RedcarpetChoice
    end
  end
end
