// A whole blog from Folio's content API: no framework, no build step.
// Text goes into the page with textContent; only rich text and cleaned HTML that Folio
// itself produced (paragraphs, notices, sanitised raw HTML) is set as HTML.
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var api = (params.get("api") || "http://127.0.0.1:8000/api/v2").replace(/\/$/, "");
  var audience = params.get("audience") === "member" ? "member" : "guest";
  var app = document.getElementById("app");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs.text;
      else if (name === "html") node.innerHTML = attrs.html;
      else if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function getJSON(path) {
    return fetch(api + path, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.message || response.statusText);
        return body;
      });
    });
  }

  function postLink(post) {
    var query = new URLSearchParams(params);
    query.delete("content_type");
    query.delete("token");
    query.set("post", post.meta ? post.meta.slug : post.slug);
    return "?" + query.toString();
  }

  function formatDate(iso) {
    return new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });
  }

  function metaLine(post) {
    var category = post.primary_category ? post.primary_category.name + " · " : "";
    return el("p", { class: "meta", text: category + formatDate(post.date) });
  }

  function image(img, alt, size) {
    if (!img) return null;
    var rendition = img.renditions[size] || img.renditions.large || img.renditions.thumbnail;
    return el("img", { src: rendition.url, width: rendition.width, height: rendition.height, alt: alt || img.alt || "", loading: "lazy" });
  }

  var blocks = {
    paragraph: function (value) { return el("div", { class: "rich-text", html: value }); },
    heading: function (value) { return el(value.level || "h2", { text: value.text }); },
    image: function (value) {
      var picture = value.image ? image(value.image, value.alt, "large")
        : value.external_url ? el("img", { src: value.external_url, alt: value.alt || "", loading: "lazy" }) : null;
      if (picture && value.link) picture = el("a", { href: value.link }, [picture]);
      return el("figure", {}, [picture, value.caption ? el("figcaption", { text: value.caption }) : null]);
    },
    quote: function (value) {
      return el("blockquote", {}, [el("p", { text: value.text }), value.attribution ? el("cite", { text: value.attribution }) : null]);
    },
    code: function (value) {
      return el("pre", { "data-language": value.language }, [el("code", { text: value.code })]);
    },
    table: function (value) {
      var rows = (value.data || []).map(function (row, index) {
        var header = index === 0 && value.first_row_is_table_header;
        return el("tr", {}, row.map(function (cell) { return el(header ? "th" : "td", { text: cell || "" }); }));
      });
      return el("table", {}, [el("tbody", {}, rows)]);
    },
    embed: function (value) {
      var url = value.embed && (value.embed.url || value.embed);
      return el("p", {}, [el("a", { href: url, text: value.caption || url })]);
    },
    notice: function (value) { return el("div", { class: "notice notice--" + value.style, html: value.text }); },
    call_to_action: function (value) {
      return el("section", { class: "cta", "data-audience": value.audience }, [
        value.heading ? el("h2", { text: value.heading }) : null,
        value.text ? el("div", { html: value.text }) : null,
        el("a", { class: "button", href: value.url, text: value.button_label || "Learn more" }),
      ]);
    },
    raw_html: function (value) { return el("div", { class: "raw-html", html: value }); },
  };

  function renderPost(post) {
    document.title = post.title;
    var body = post.body.map(function (block) {
      var render = blocks[block.type];
      return render ? render(block.value) : null;
    });
    var authors = post.authors.map(function (author) {
      var avatar = author.avatar ? image(author.avatar, "", "small") : null;
      var name = author.link ? el("a", { href: author.link, text: author.name }) : el("strong", { text: author.name });
      return el("div", { class: "author" }, [avatar, el("div", {}, [name, el("p", { text: author.description })])]);
    });
    var related = post.related_posts.length ? el("section", { class: "related" }, [
      el("h2", { text: "Related articles" }),
      el("ul", {}, post.related_posts.map(function (other) {
        return el("li", {}, [el("a", { href: postLink(other), text: other.title })]);
      })),
    ]) : null;
    app.replaceChildren(el("article", { class: "post" }, [
      metaLine(post),
      el("h1", { text: post.title }),
      el("p", { class: "meta", text: post.reading_time + " min read · " + post.tags.map(function (t) { return "#" + t.name; }).join(" ") }),
      image(post.hero_image, null, "large"),
    ].concat(body, authors, [related])));
  }

  function renderList(listing) {
    document.title = "Latest posts";
    app.replaceChildren(el("h1", { text: "Latest posts" }), el("div", {}, listing.items.map(function (post) {
      return el("article", { class: "card" }, [
        metaLine(post),
        el("h2", {}, [el("a", { href: postLink(post), text: post.title })]),
        el("p", { text: post.index_intro }),
      ]);
    })));
  }

  function fail(error) {
    app.replaceChildren(el("p", { class: "status error", text: "Could not load from " + api + ": " + error.message }));
  }

  var fields = "&fields=index_intro,date,primary_category";
  if (params.get("token")) {
    getJSON("/page_preview/?content_type=" + encodeURIComponent(params.get("content_type")) +
      "&token=" + encodeURIComponent(params.get("token")) + "&audience=" + audience).then(renderPost, fail);
  } else if (params.get("post")) {
    getJSON("/pages/slug/" + encodeURIComponent(params.get("post")) + "/?type=blog.BlogPage&audience=" + audience)
      .then(renderPost, fail);
  } else {
    getJSON("/pages/?type=blog.BlogPage&limit=10" + fields).then(renderList, fail);
  }
})();
