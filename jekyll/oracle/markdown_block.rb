# frozen_string_literal: true

# `{% markdown %}…{% endmarkdown %}`: Markdown rendered with the site's converter even
# inside an HTML block, where Markdown would leave it alone. Folio reads this block (the
# source blog's own plugin); the oracle knows it too, so that safe builds, which run no
# site plugin, render such posts as the blog did.

module Jekyll
  class FolioMarkdownBlock < Liquid::Block
    def render(context)
      site = context.registers[:site]
      converter = site.find_converter_instance(Jekyll::Converters::Markdown)
      converter.convert(super.to_s)
    end
  end
end

Liquid::Template.register_tag("markdown", Jekyll::FolioMarkdownBlock)
