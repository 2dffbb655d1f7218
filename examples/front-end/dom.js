// @ts-check
// Building the page: elements and the post body's blocks.
// Text goes into the page with textContent; only rich text and cleaned HTML that Folio
// itself produced (paragraphs, notices, sanitised raw HTML) is set as HTML.

/** @typedef {import("./api.js").Schemas} Schemas */

/**
 * @param {string} tag
 * @param {Record<string, string | number | null | undefined>} [attrs] `text` and `html` set content
 * @param {(Node | null | undefined)[]} [children]
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "html") node.innerHTML = String(value);
    else node.setAttribute(name, String(value));
  }
  for (const child of children) if (child) node.appendChild(child);
  return node;
}

/**
 * @param {Schemas["PostImage"] | Schemas["AuthorAvatar"] | null | undefined} image
 * @param {string} size a rendition name, e.g. "large"
 * @param {string | null} [alt]
 */
export function picture(image, size, alt) {
  if (!image) return null;
  /** @type {Record<string, Schemas["Rendition"]>} */
  const renditions = image.renditions;
  const rendition = renditions[size] || Object.values(renditions)[0];
  return el("img", {
    src: rendition.url, width: rendition.width, height: rendition.height,
    alt: alt ?? image.alt ?? "", loading: "lazy",
  });
}

// One function per block type, each given its block's value as the generated types say
// (docs/api.md "Body blocks"): a block type added to the API is a type error here.
/** @typedef {Schemas["Block"]} Block */
/** @typedef {{ [B in Block as B["type"]]: B["value"] }} BlockValues */
/** @typedef {{ [T in keyof BlockValues]: (value: BlockValues[T]) => HTMLElement | null }} BlockRenderers */
/** @type {BlockRenderers} */
const BLOCKS = {
  paragraph: (value) => el("div", { class: "rich-text", html: value }),
  heading: (value) => el(value.level, { text: value.text }),
  image: (value) => {
    let image = value.image ? picture(value.image, "large", value.alt)
      : value.external_url ? el("img", { src: value.external_url, alt: value.alt, loading: "lazy" }) : null;
    if (image && value.link) image = el("a", { href: value.link }, [image]);
    return el("figure", {}, [image, value.caption ? el("figcaption", { text: value.caption }) : null]);
  },
  quote: (value) => el("blockquote", {}, [
    el("p", { text: value.text }), value.attribution ? el("cite", { text: value.attribution }) : null,
  ]),
  code: (value) => el("pre", { "data-language": value.language }, [el("code", { text: value.code })]),
  table: (value) => el("table", {}, [el("tbody", {}, value.data.map(
    (row, index) => el("tr", {}, row.map((cell) => el(
      index === 0 && value.first_row_is_table_header ? "th" : "td", { text: cell || "" }))),
  ))]),
  embed: (value) => el("p", {}, [el("a", { href: value.embed, text: value.caption || value.embed })]),
  video: (value) => value.url ? el("figure", {}, [
    el("video", { src: value.url, controls: "", preload: "metadata", poster: value.poster?.renditions.large.url }),
    value.caption ? el("figcaption", { text: value.caption }) : null,
  ]) : null,
  notice: (value) => el("div", { class: "notice notice--" + value.style, html: value.text }),
  // null: the call to action's saved snippet is not published.
  call_to_action: (value) => value && el("section", { class: "cta", "data-audience": value.audience }, [
    value.heading ? el("h2", { text: value.heading }) : null,
    value.text ? el("div", { html: value.text }) : null,
    el("a", { class: "button", href: value.url, text: value.button_label || "Learn more" }),
  ]),
  raw_html: (value) => el("div", { class: "raw-html", html: value }),
};

/**
 * @template {keyof BlockValues} T
 * @param {{ type: T, value: BlockValues[T] }} block
 */
function renderBlock(block) {
  return BLOCKS[block.type](block.value);
}

/**
 * @param {Block[]} body
 */
export function renderBody(body) {
  return body.map((block) => renderBlock(block));
}
