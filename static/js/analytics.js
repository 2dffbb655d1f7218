/*
 * Folio's first-party analytics (docs/privacy.md): no cookies, no storage, no identifier.
 *
 * The page says what to count in data attributes the server rendered (the same for every
 * reader of a cached copy): data-analytics-page, -audience and -beacon on <body>, and
 * data-analytics-cta on each call to action. This script sends
 *   - a view when the page opens (with the referring site and the utm_* parameters),
 *   - then, when the reader leaves or hides the page, the calls to action that came into
 *     view and how far through the article they scrolled (25, 50, 75, 100 per cent).
 * Clicks on calls to action are counted by the server (their links go through /go/).
 * Browsers that ask not to be tracked (Do Not Track, Global Privacy Control) send nothing.
 */
(function () {
    "use strict";

    var body = document.body;
    var page = parseInt(body.getAttribute("data-analytics-page"), 10);
    var audience = body.getAttribute("data-analytics-audience");
    var endpoint = body.getAttribute("data-analytics-beacon");
    if (!page || !audience || !endpoint || !navigator.sendBeacon) {
        return;
    }
    if (navigator.doNotTrack === "1" || window.doNotTrack === "1" || navigator.globalPrivacyControl === true) {
        return;
    }

    var DEPTHS = [25, 50, 75, 100];
    var MAX_SEEN = 20;

    function send(data) {
        data.page = page;
        data.audience = audience;
        try {
            navigator.sendBeacon(endpoint, JSON.stringify(data));
        } catch (error) {
            // Counting must never disturb reading.
        }
    }

    function campaign() {
        var utm = {};
        var params = new URLSearchParams(window.location.search);
        ["source", "medium", "campaign"].forEach(function (name) {
            var value = params.get("utm_" + name);
            if (value) {
                utm[name] = value.slice(0, 200);
            }
        });
        return utm;
    }

    send({ view: true, referrer: document.referrer.slice(0, 2000), utm: campaign() });

    var seen = {};
    var pendingSeen = [];
    var ctas = document.querySelectorAll("[data-analytics-cta]");
    if (ctas.length && "IntersectionObserver" in window) {
        var observer = new IntersectionObserver(function (entries) {
            entries.forEach(function (entry) {
                if (!entry.isIntersecting) {
                    return;
                }
                observer.unobserve(entry.target);
                var key = entry.target.getAttribute("data-analytics-cta");
                if (!seen[key]) {
                    seen[key] = true;
                    pendingSeen.push(key);
                }
            });
        }, { threshold: 0.5 });
        Array.prototype.forEach.call(ctas, function (cta) {
            observer.observe(cta);
        });
    }

    // How far the reader got: the share of the article above the bottom of the window.
    var article = document.querySelector("article") || document.querySelector("main");
    var deepest = 0;
    var reported = 0;
    var measuring = false;

    function measure() {
        measuring = false;
        if (!article) {
            return;
        }
        var box = article.getBoundingClientRect();
        if (box.height <= 0) {
            return;
        }
        var depth = Math.floor(((window.innerHeight - box.top) / box.height) * 100);
        deepest = Math.max(deepest, Math.min(depth, 100));
    }

    window.addEventListener("scroll", function () {
        if (!measuring) {
            measuring = true;
            window.requestAnimationFrame(measure);
        }
    }, { passive: true });
    measure();

    function report() {
        var read = DEPTHS.filter(function (depth) {
            return depth > reported && depth <= deepest;
        });
        if (read.length) {
            reported = read[read.length - 1];
        }
        var newlySeen = pendingSeen.splice(0, MAX_SEEN);
        if (read.length || newlySeen.length) {
            send({ seen: newlySeen, read: read });
        }
    }

    document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "hidden") {
            report();
        }
    });
    window.addEventListener("pagehide", report);
})();
