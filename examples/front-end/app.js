// @ts-check
// A whole blog from Folio's content API: no framework, no build step. Routes are query
// parameters: (none) the latest posts, `post=<slug>` one post, `tag=<slug>` a tag's posts.
import { folioClient } from "./api.js";
import { el, picture, renderBody } from "./dom.js";

/** @typedef {import("./api.js").Post} Post */
/** @typedef {import("./api.js").Schemas} Schemas */

const params = new URLSearchParams(window.location.search);
const api = folioClient(params.get("api") || "http://127.0.0.1:8000/api/v2");
const audience = params.get("audience") === "member" ? "member" : "guest";
const app = /** @type {HTMLElement} */ (document.getElementById("app"));
const MORE_LIKE_THIS = 3;
// The API takes at most 20 values in one filter.
const MAX_FILTER_VALUES = 20;

/**
 * A link to another view of this front end, keeping `api` and `audience`.
 * @param {Record<string, string>} route e.g. {post: "my-slug"}
 */
function link(route) {
  const query = new URLSearchParams();
  for (const name of ["api", "audience"]) {
    const value = params.get(name);
    if (value) query.set(name, value);
  }
  for (const [name, value] of Object.entries(route)) query.set(name, value);
  return "?" + query.toString();
}

/** @param {string | null | undefined} iso */
function formatDate(iso) {
  return iso ? new Date(iso).toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" }) : "";
}

/** @param {Post} post */
function metaLine(post) {
  const category = post.primary_category ? post.primary_category.name + " · " : "";
  return el("p", { class: "meta", text: category + formatDate(post.date) });
}

/** @param {Schemas["PostTag"][] | undefined} tags */
function tagLinks(tags) {
  return el("p", { class: "tags" }, (tags || []).map((tag) =>
    el("a", { class: "tag", href: link({ tag: tag.slug || "" }), text: "#" + tag.name })));
}

/** @param {Post} post */
function card(post) {
  return el("article", { class: "card" }, [
    metaLine(post),
    el("h2", {}, [el("a", { href: link({ post: post.meta?.slug || "" }), text: post.title })]),
    el("p", { text: post.index_intro }),
  ]);
}

/**
 * "More like this": the newest posts sharing any of the post's tags (`tags=a|b`), the
 * post itself left out (`exclude=`), in one request.
 * @param {Post} post
 * @returns {Promise<Post[]>}
 */
async function moreLikeThis(post) {
  const slugs = (post.tags || []).map((tag) => tag.slug).filter(Boolean).slice(0, MAX_FILTER_VALUES);
  if (!slugs.length || post.id === undefined) return [];
  const listing = await api.posts({ tags: slugs.join("|"), exclude: String(post.id), limit: MORE_LIKE_THIS });
  return listing.items;
}

/** @param {Post} post */
async function renderPost(post) {
  document.title = post.title || "";
  const authors = (post.authors || []).map((author) => el("div", { class: "author" }, [
    picture(author.avatar, "small", ""),
    el("div", {}, [
      author.link ? el("a", { href: author.link, text: author.name }) : el("strong", { text: author.name }),
      el("p", { text: author.description }),
    ]),
  ]));
  const more = el("section", { class: "more", "aria-labelledby": "more-heading" });
  app.replaceChildren(el("article", { class: "post" }, [
    metaLine(post),
    el("h1", { text: post.title }),
    el("p", { class: "meta", text: post.reading_time + " min read" }),
    tagLinks(post.tags),
    picture(post.hero_image, "large"),
    ...renderBody(post.body || []),
    ...authors,
  ]), more);
  const others = await moreLikeThis(post);
  if (others.length) {
    more.replaceChildren(el("h2", { id: "more-heading", text: "More like this" }), ...others.map(card));
  }
}

/** @param {string} slug */
async function renderTag(slug) {
  const [tags, posts] = await Promise.all([api.tags({ slug }), api.posts({ tags: slug, limit: 20 })]);
  const tag = tags.items[0];
  if (!tag) throw new Error(`no tag ${slug}`);
  document.title = "#" + tag.name;
  app.replaceChildren(
    el("h1", { text: "Posts tagged #" + tag.name }),
    el("p", { class: "meta", text: tag.post_count + (tag.post_count === 1 ? " post" : " posts") }),
    el("div", {}, posts.items.map(card)),
  );
}

async function renderLatest() {
  const listing = await api.posts({ limit: 10 });
  document.title = "Latest posts";
  app.replaceChildren(el("h1", { text: "Latest posts" }), el("div", {}, listing.items.map(card)));
}

/** @param {Error} error */
function fail(error) {
  app.replaceChildren(el("p", { class: "status error", text: "Could not load from the API: " + error.message }));
}

function route() {
  const contentType = params.get("content_type");
  const token = params.get("token");
  const post = params.get("post");
  const tag = params.get("tag");
  if (contentType && token) return api.preview(contentType, token, { audience }).then(renderPost);
  if (post) return api.post(post, { audience }).then(renderPost);
  if (tag) return renderTag(tag);
  return renderLatest();
}

route().catch(fail);
