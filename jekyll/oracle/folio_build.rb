# frozen_string_literal: true

# Build a Jekyll site the way `jekyll build` does and write, as JSON, the body Jekyll
# rendered for each post (its content after Liquid and Markdown, before any layout).
#
#   ruby folio_build.rb SOURCE OUTPUT.json [--safe]
#
# What differs from a plain `jekyll build`, and why:
# - the Redcarpet converter and the `{% markdown %}` block are known (see their files);
# - layouts, pages and static files are neither rendered nor written: only post bodies
#   are wanted, and a layout's plugin tags must not stop them;
# - future and unpublished posts are rendered too (Folio imports them);
# - a post whose Liquid or Markdown fails is recorded with its error; the others go on;
# - nothing is written into the site (no .jekyll-cache), nothing outside OUTPUT;
# - with --safe, Jekyll's safe mode: no plugin of the site runs.

require "json"
require "tmpdir"
require "jekyll"
require_relative "redcarpet_converter"
require_relative "markdown_block"
require_relative "commonmark_ghpages"

source, output, *flags = ARGV
abort("usage: folio_build.rb SOURCE OUTPUT.json [--safe]") unless source && output

bodies = {}
errors = {}

Jekyll::Hooks.register :posts, :post_convert do |post|
  bodies[post.relative_path] = { "html" => post.content, "url" => post.url }
end

module FolioOnlyPostBodies
  # Layouts are where sites use plugins the oracle may not have; bodies need none.
  def place_in_layouts(content, _payload, _info)
    content
  end
end
Jekyll::Renderer.prepend(FolioOnlyPostBodies)

module FolioPostErrors
  def run
    super
  rescue StandardError, Liquid::Error => e
    raise unless document.respond_to?(:collection) && document.collection&.label == "posts"

    FOLIO_ERRORS[document.relative_path] = "#{e.class.name.split("::").last}: #{e.message}"
    ""
  end
end
FOLIO_ERRORS = errors
Jekyll::Renderer.prepend(FolioPostErrors)

module FolioRenderPostsOnly
  def render_pages(_payload); end

  def render_docs(payload)
    posts.docs.each { |post| render_regenerated(post, payload) }
  end

  def write; end
end
Jekyll::Site.prepend(FolioRenderPostsOnly)

Jekyll.logger.log_level = :error
Dir.mktmpdir("folio-jekyll-") do |destination|
  config = Jekyll.configuration(
    "source" => File.expand_path(source),
    "destination" => destination,
    "safe" => flags.include?("--safe"),
    "disable_disk_cache" => true,
    "incremental" => false,
    "watch" => false,
    "future" => true,
    "unpublished" => true,
    "quiet" => true
  )
  site = Jekyll::Site.new(config)
  site.process
  File.write(
    output,
    JSON.generate(
      "jekyll" => Jekyll::VERSION,
      "markdown" => config["markdown"].to_s,
      "posts" => bodies.merge(errors.to_h { |path, error| [path, { "error" => error }] })
    )
  )
end
