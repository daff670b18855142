/* litsite: the search box in the header (theme_overrides/partials/header.html). Hand-written.
   Queries the Pagefind index that `litsite build` writes into site/pagefind/ (generator/site/search_index.py):
   every word of each paper's page, loaded in small fragments as a query needs them, so the first result
   does not wait for a whole-site index. Titles that match show first: from a list of them (TitleList below)
   that answers each key, or where litsite.yml asks for it from Pagefind's index of titles (Index below).
   Both load on the first focus of the box.
   Excerpts arrive as escaped text with <mark> around matches; they are turned into text nodes here, so no
   markup from the index ever reaches the page. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) return;
  var root = new URL("../", script.src); // this file is assets/search.js: one level below the site's root
  var PAGE = 10;
  var wanted = ""; // the box's text: the query being answered
  var whole = ""; // the query whose answer from the whole pages is on screen
  var serial = 0; // counts the lists shown, so "more" adds only to the list it was asked for
  var found = [];
  var shown = 0;
  var excerpts = true; // a titles' answer shows the titles alone: its excerpt would be the title again
  var form, input, panel, status, list, more, indexes;
  var titleList = null; // the titles generation listed, when the form names them (TitleList)
  /* In a large site (data-large: from SLOW_FROM papers) the whole pages' index waits for a longer pause in
     typing, while the titles answer: each search of a prefix it starts holds its worker for seconds there
     (at 77,482 papers, at 150 ms a key, the whole answer to "attention" came 16 s after the last key, 6.6 s
     when typed at once). */
  var pauseWhole = false;
  var WHOLE_PAUSE = 400;
  var wholeTimer = null;

  /* One Pagefind index: the whole pages' (site/pagefind/), or where litsite.yml asks for it also the titles' alone
     (site/pagefind-titles/, generator/site/search_index.py), whose answer is shown first: at 77,482 papers
     the whole pages took 4-12 s for one word, the titles 0.1-0.4 s. Each runs one search at a time (a
     search of a prefix, "t" or "tr", costs Pagefind about as much as a whole word, and searches of one
     index share one worker: at a reader's pace each key used to start one, and the last query's results
     waited for all of them). While one runs, keys only mark the text as changed; when it ends, the box's
     latest text is searched, and the finished search's results are not shown. The two indexes load as
     separate modules, with a worker each, so the titles are not held up by the whole pages. */
  function Index(folder, complete) {
    this.folder = folder;
    this.complete = complete;
    this.loading = null;
    this.searching = false;
    this.typedSince = false;
  }

  Index.prototype.load = function () {
    var index = this;
    if (!index.loading) {
      index.loading = import(new URL(index.folder + "/pagefind.js", root).href).then(function (pagefind) {
        return Promise.resolve(pagefind.options({ baseUrl: root.pathname, excerptLength: 24 })).then(function () {
          return pagefind;
        });
      });
      index.loading.catch(function () { index.loading = null; });
    }
    return index.loading;
  };

  /* Whether this index's answer to `text` is still wanted on screen: the titles' only until the whole
     pages' answer is there. */
  Index.prototype.stillWanted = function (text) {
    return text === wanted && (this.complete || whole !== text);
  };

  Index.prototype.search = function (text) {
    var index = this;
    if (index.searching) {
      index.typedSince = true;
      return;
    }
    var terms = fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    index.searching = true;
    index.load().then(function (pagefind) {
      return pagefind.search(text);
    }).then(function (search) {
      index.ended(text);
      return search;
    }, function (error) {
      index.ended(text);
      throw error;
    }).then(function (search) {
      if (!search || !index.stillWanted(text)) return;
      return dataOf(search.results.slice(0, PAGE)).then(function (pages) {
        if (index.stillWanted(text)) present(text, search.results, pages, terms, index.complete);
      });
    }).catch(function (error) {
      if (index.complete && text === wanted) setStatus("Search is not available here: " + error.message, "whole");
    });
  };

  Index.prototype.ended = function (text) {
    this.searching = false;
    if (this.typedSince) {
      this.typedSince = false;
      if (wanted && wanted !== text && !tooShort(wanted)) this.search(wanted); // its results are dropped
    }
  };

  /* The box finds titles in a list generation wrote (papers/titles.json: each paper's title and page, newest
     first; the form's data-titles-list names it; generator/site/search_index.py) the moment a key is typed,
     while Pagefind searches the whole pages: at 8,593 papers its answer to "transformer models" came up to
     950 ms after the last key. A title matches when each word of the query begins one of its words ("state
     spa" finds "State Space Models"; "SSMs" also finds "SSM"). */
  function TitleList(path) {
    this.path = path;
    this.loading = null;
    this.entries = null; // once loaded: {title, url, words} for each paper
    this.slow = false; // whether the last search took longer than TITLES_SLOW
    this.last = null; // the last text searched and the titles it matched, in the list's order
  }

  /* A search of 76,751 titles takes 50-80 ms: run at every key, it held up the typing (a 9-letter word typed
     at full speed took a second). Where the last one took longer than TITLES_SLOW ms, the titles wait for
     TITLES_PAUSE ms without a key. */
  var TITLES_SLOW = 20;
  var TITLES_PAUSE = 60;

  TitleList.prototype.load = function () {
    var titles = this;
    if (!titles.loading) {
      titles.loading = fetch(new URL(titles.path, root).href).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then(function (rows) {
        titles.entries = rows.map(function (row) {
          return { title: row[0], url: new URL(row[1], root).pathname,
                   words: fold(row[0]).split(/[^\p{L}\p{N}]+/u).filter(Boolean) };
        });
        titlesAnswer(); // to what was typed while the list loaded
      });
      titles.loading.catch(function () { titles.loading = null; }); // Pagefind still answers
    }
    return titles.loading;
  };

  /* 2: the term is the word (or its plural or singular), 1: it begins the word, 0: neither. */
  function inWord(term, word) {
    if (word === term || word === term + "s" ||
        (term.length > 3 && term.slice(-1) === "s" && word === term.slice(0, -1))) return 2;
    return word.lastIndexOf(term, 0) === 0 ? 1 : 0;
  }

  /* The best of inWord over the title's words. */
  function inWords(term, words) {
    var found = 0;
    for (var i = 0; i < words.length && found < 2; i++) found = Math.max(found, inWord(term, words[i]));
    return found;
  }

  /* Whether the terms are consecutive words of the title, in order (the last may begin its word): "state
     spa" in "Selective State Spaces". */
  function inOrder(terms, words) {
    var last = terms.length - 1;
    for (var start = 0; start + last < words.length; start++) {
      var i = 0;
      while (i <= last && inWord(terms[i], words[start + i]) > (i < last ? 1 : 0)) i++;
      if (i > last) return true;
    }
    return false;
  }

  /* Every title each term of `text` is in (as a word or a word's beginning): first those holding the terms
     as one phrase, then those holding each whole, then the rest; in the list's order within each. A text
     that goes on from the last one searched (a key typed) can only match fewer titles: only the last
     one's are looked at. */
  TitleList.prototype.find = function (terms, text) {
    var phrase = [], whole = [], begun = [], matched = [];
    var last = this.last;
    var pool = last && text.lastIndexOf(last.text, 0) === 0 ? last.matched : this.entries;
    pool.forEach(function (entry) {
      var all = true;
      for (var i = 0; i < terms.length; i++) {
        var how = inWords(terms[i], entry.words);
        if (!how) return;
        if (how === 1) all = false;
      }
      matched.push(entry);
      (terms.length > 1 && inOrder(terms, entry.words) ? phrase : all ? whole : begun).push(entry);
    });
    this.last = { text: text, matched: matched };
    return phrase.concat(whole, begun);
  };

  /* The titles' answer to the box's text, at once (a few milliseconds at 8,593 titles), unless the whole
     pages' answer to it is already on screen. */
  function titlesAnswer() {
    var text = input.value.trim();
    if (!titleList || !titleList.entries || !text || tooShort(text) || whole === text) return;
    wanted = text;
    var terms = fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!terms.length) return;
    var started = performance.now();
    var matches = titleList.find(terms, text);
    titleList.slow = performance.now() - started > TITLES_SLOW;
    var results = matches.map(function (entry) {
      var data = { url: entry.url, meta: { title: entry.title }, excerpt: "" };
      return { data: function () { return Promise.resolve(data); }, shown: data };
    });
    open();
    present(text, results, results.slice(0, PAGE).map(function (result) { return result.shown; }), terms, false);
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

  /* The status line; its data-state says whether the answer is the whole pages' ("whole") or the titles'
     only, shown while the whole pages are searched ("titles"). */
  function setStatus(text, state) {
    status.textContent = text;
    status.setAttribute("data-state", state);
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
      if (excerpts) link.appendChild(excerpt(data.excerpt || ""));
      item.appendChild(link);
      list.appendChild(item);
    });
    more.hidden = shown >= found.length;
  }

  function dataOf(results) {
    return Promise.all(results.map(function (result) { return result.data(); }));
  }

  function count(number) {
    return number.toLocaleString("en"); // "18,828 pages match"
  }

  /* An index's answer on screen: the first PAGE results (their data already loaded), the rest behind "more". */
  function present(text, results, pages, terms, complete) {
    var matching = pages.filter(function (data) { return fits(terms, data); });
    found = matching.length ? results : [];
    shown = pages.length;
    excerpts = complete;
    serial++;
    whole = complete ? text : ""; // a titles' answer takes the whole pages' off the screen
    list.textContent = "";
    var quoted = "\u201c" + text + "\u201d";
    if (complete) {
      setStatus(found.length === 0 ? "Nothing matches " + quoted + "."
        : (found.length === 1 ? "1 page matches " : count(found.length) + " pages match ") + quoted + ":", "whole");
    } else {
      setStatus((found.length === 0 ? "No title matches " + quoted
        : (found.length === 1 ? "1 title matches " : count(found.length) + " titles match ") + quoted)
        + "; searching the whole pages\u2026", "titles");
    }
    show(matching);
  }

  /* A query of one letter (or digit) matches every word it begins: it waits for the next key (at 10,000
     papers "m" kept the box busy 2.4 s, in the titles of 77,482 papers 20 s). */
  function tooShort(text) {
    return text.length < 2 && /^[\x00-\x7f]$/.test(text);
  }

  function query() {
    var text = input.value.trim();
    wanted = text;
    clearTimeout(wholeTimer);
    if (!text) {
      serial++;
      list.textContent = "";
      setStatus("", "whole");
      close();
      return;
    }
    open();
    if (tooShort(text)) {
      serial++;
      list.textContent = "";
      more.hidden = true;
      setStatus("Type one more letter to search.", "whole");
      return;
    }
    indexes.forEach(function (index) {
      if (!index.complete || !pauseWhole) index.search(text);
      else wholeTimer = setTimeout(function () { index.search(text); }, WHOLE_PAUSE);
    });
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
    indexes = [new Index("pagefind", true)];
    if (form.hasAttribute("data-titles-first")) indexes.unshift(new Index("pagefind-titles", false));
    else if (form.getAttribute("data-titles-list")) titleList = new TitleList(form.getAttribute("data-titles-list"));
    pauseWhole = indexes.length > 1 || (titleList !== null && form.hasAttribute("data-large"));
    var timer = null, titlesTimer = null;
    input.addEventListener("focus", function () {
      indexes.forEach(function (index) { index.load(); });
      if (titleList) titleList.load();
      if (input.value.trim()) open();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      clearTimeout(titlesTimer);
      if (titleList && titleList.slow) titlesTimer = setTimeout(titlesAnswer, TITLES_PAUSE);
      else titlesAnswer();
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
      var next = found.slice(shown, shown + PAGE);
      more.hidden = true;
      dataOf(next).then(function (pages) {
        if (ticket !== serial) return;
        shown += next.length;
        show(pages);
      });
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
