// @ts-check
// A small typed client for Folio's content API v2. The types come from the API's own
// OpenAPI document (folio-api.d.ts, made by `make api-types`); they are JSDoc comments,
// so this file runs in a browser as it is, and an editor or `tsc` checks it.

/** @typedef {import("./folio-api").components["schemas"]} Schemas */
/** @typedef {import("./folio-api").operations} Operations */
/** @typedef {Schemas["BlogPage"]} Post */
/** @typedef {Schemas["Tag"]} Tag */
/** @typedef {Schemas["Error"]} ApiError */
/** @typedef {NonNullable<Operations["pages_listing"]["parameters"]["query"]>} PageQuery */
/** @typedef {NonNullable<Operations["pages_detail"]["parameters"]["query"]>} PostQuery */
/** @typedef {NonNullable<Operations["tags_listing"]["parameters"]["query"]>} TagQuery */
/** @typedef {{meta: Schemas["ListingMeta"], items: Post[]}} PostListing */
/** @typedef {{meta: Schemas["ListingMeta"], items: Tag[]}} TagListing */

/** Fields a post card shows, beside the listing's defaults. */
export const CARD_FIELDS = "date,index_intro,primary_category,tags";

/**
 * @param {string} base where API v2 is, e.g. http://127.0.0.1:8000/api/v2
 */
export function folioClient(base) {
  const root = base.replace(/\/$/, "");

  /**
   * GET a path of the API; a 4xx/5xx answer rejects with the API's message.
   * @param {string} path
   * @param {Record<string, string | number | boolean | undefined>} [query]
   * @returns {Promise<any>}
   */
  async function get(path, query = {}) {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) search.set(name, String(value));
    }
    const url = root + path + (search.size ? "?" + search : "");
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) {
      /** @type {ApiError} */
      const error = body;
      throw new Error(error.message || response.statusText);
    }
    return body;
  }

  return {
    /**
     * Posts, newest first.
     * @param {PageQuery} [query]
     * @returns {Promise<PostListing>}
     */
    posts(query = {}) {
      return get("/pages/", { type: "blog.BlogPage", fields: CARD_FIELDS, ...query });
    },

    /**
     * One post, every field, by its slug.
     * @param {string} slug
     * @param {PostQuery} [query]
     * @returns {Promise<Post>}
     */
    post(slug, query = {}) {
      return get(`/pages/slug/${encodeURIComponent(slug)}/`, { type: "blog.BlogPage", ...query });
    },

    /**
     * A draft, by the token Folio's headless preview gives.
     * @param {string} contentType
     * @param {string} token
     * @param {PostQuery} [query]
     * @returns {Promise<Post>}
     */
    preview(contentType, token, query = {}) {
      return get("/page_preview/", { content_type: contentType, token, ...query });
    },

    /**
     * Tags, e.g. one by its slug: `tags({slug: "remote"})`.
     * @param {TagQuery} [query]
     * @returns {Promise<TagListing>}
     */
    tags(query = {}) {
      return get("/tags/", query);
    },
  };
}
