/* litsite: the search box in the header (theme_overrides/partials/header.html). Hand-written.
   Queries the Pagefind index that `litsite build` writes into site/pagefind/ (generator/search_index.py):
   every word of each paper's page, loaded in small fragments as a query needs them, so the first result
   does not wait for a whole-site index. Pagefind's code loads on the first focus of the box.
   Excerpts arrive as escaped text with <mark> around matches; they are turned into text nodes here, so no
   markup from the index ever reaches the page. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) return;
  var root = new URL("../", script.src); // this file is assets/search.js: one level below the site's root
  var PAGE = 10;
  var loading = null;
  var found = [];
  var shown = 0;
  var serial = 0;
  var searching = false; // a Pagefind search is running (they share one worker: a second would queue)
  var typedSince = false; // the box's text may have changed while it ran
  var form, input, panel, status, list, more;

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return Promise.resolve(pagefind.options({ baseUrl: root.pathname, excerptLength: 24 })).then(function () {
          return pagefind;
        });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Pagefind's excerpt: escaped text, with <mark>...</mark> around the words that matched. */
  function excerpt(html) {
    var container = element("span", "litsite-search__excerpt");
    var decoder = document.createElement("textarea");
    html.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var marked = /^<mark>(.*)<\/mark>$/.exec(part);
      decoder.innerHTML = marked ? marked[1] : part; // a <textarea> parses no tags: it only decodes &lt; and the like
      var text = decoder.value;
      container.appendChild(marked ? element("mark", "", text) : document.createTextNode(text));
    });
    return container;
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function open() {
    panel.hidden = false;
  }

  function close() {
    panel.hidden = true;
  }

  function fold(word) {
    return word.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* Pagefind answers a word it does not hold with pages holding a shorter word the query starts with
     ("xyzzy" finds pages with "x"). A page is a match when a word its excerpt marks shares the start of a
     query word: "SSMs" and "SSM", "transformerz" and "Transformers", not "Merrienboer" and "Me". */
  function fits(terms, data) {
    var marked = (data.excerpt || "").match(/<mark>[^<]*<\/mark>/g);
    if (!marked) return true; // nothing to judge by
    return marked.some(function (mark) {
      var word = fold(mark.slice(6, -7)).replace(/[^\p{L}\p{N}]+$/u, "");
      return terms.some(function (term) {
        var common = 0;
        while (common < term.length && common < word.length && term[common] === word[common]) common++;
        return word.length >= Math.min(term.length, 3) && common >= Math.min(term.length, word.length, 4);
      });
    });
  }

  function show(pages) {
    pages.forEach(function (data) {
      var item = element("li", "litsite-search__result");
      var link = element("a");
      link.href = data.url;
      link.appendChild(element("span", "litsite-search__title", (data.meta && data.meta.title) || data.url));
      link.appendChild(excerpt(data.excerpt || ""));
      item.appendChild(link);
      list.appendChild(item);
    });
    more.hidden = shown >= found.length;
  }

  function nextPage() {
    var next = found.slice(shown, shown + PAGE);
    shown += next.length;
    more.hidden = true;
    return Promise.all(next.map(function (result) { return result.data(); }));
  }

  /* One search at a time. Each search of a prefix ("t", "tr") costs Pagefind about as much as a whole word
     (a second or more on 10,000 papers); at a reader's pace each key used to start one, and the last
     query's results waited for all of them. While one runs, keys only mark the text as changed; when it
     ends, the box's latest text is searched, and the finished search's results are not shown. */
  function query() {
    var text = input.value.trim();
    if (!text) {
      ++serial;
      list.textContent = "";
      setStatus("");
      close();
      return;
    }
    open();
    if (searching) {
      typedSince = true;
      return;
    }
    var ticket = ++serial;
    var terms = fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    searching = true;
    load().then(function (pagefind) {
      return pagefind.search(text);
    }).then(function (search) {
      searchEnded(text);
      return search;
    }, function (error) {
      searchEnded(text);
      throw error;
    }).then(function (search) {
      if (ticket !== serial || !search) return;
      found = search.results;
      shown = 0;
      return nextPage().then(function (pages) {
        if (ticket !== serial) return;
        var matching = pages.filter(function (data) { return fits(terms, data); });
        if (!matching.length) found = [];
        list.textContent = "";
        var quoted = "\u201c" + text + "\u201d";
        setStatus(found.length === 0 ? "Nothing matches " + quoted + "."
          : (found.length === 1 ? "1 page matches " : found.length + " pages match ") + quoted + ":");
        show(matching);
      });
    }).catch(function (error) {
      if (ticket === serial) setStatus("Search is not available here: " + error.message);
    });
  }

  function searchEnded(text) {
    searching = false;
    if (typedSince) {
      typedSince = false;
      if (input.value.trim() !== text) query(); // a newer ticket: the ended search's results are dropped
    }
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function keys(event) {
    if (event.key === "Escape") {
      close();
      input.focus();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    if (!all.length) return;
    var at = all.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    event.preventDefault();
    if (next < 0) input.focus();
    else all[Math.min(next, all.length - 1)].focus();
  }

  function setup() {
    form = document.querySelector("[data-litsite-search]");
    if (!form || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");
    input = form.querySelector("input");
    panel = form.querySelector(".litsite-search__panel");
    status = form.querySelector(".litsite-search__status");
    list = form.querySelector(".litsite-search__list");
    more = form.querySelector(".litsite-search__more");
    form.hidden = false;
    var timer = null;
    input.addEventListener("focus", function () {
      load();
      if (input.value.trim()) open();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(query, 120);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = links()[0];
      if (first) first.click();
    });
    form.addEventListener("keydown", keys);
    more.addEventListener("click", function () {
      var ticket = serial;
      nextPage().then(function (pages) { if (ticket === serial) show(pages); });
    });
    list.addEventListener("click", function (event) {
      if (event.target.closest("a")) close();
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
    document.addEventListener("keydown", function (event) {
      var typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
