/* litsite: the All-papers table. Hand-written, no dependencies; fed from papers/table.json so a
   10,000-paper collection loads one small JSON file instead of a 10,000-row HTML table.
   Titles arrive pre-rendered by the generator (escaped text and sanitized MathML); every other value is
   set with textContent.
   The filters and the sort live in the address (?text=...&tag=...&sort=...), so a filtered list can be
   shared and comes back after Back or a reload. (Not "q": Material opens its search for ?q=.) On a phone each row is a card (litsite.css). */
(function () {
  "use strict";

  var PAGE = 200;
  var LABELS = { bibtex: "BibTeX", ris: "RIS", csl: "CSL-JSON" };  /* the formats export.js saves papers in */
  var FILTERS = ["text", "topic", "tag", "year", "status"];
  var DEFAULTS = { text: "", topic: "", tag: "", year: "", status: "", sort: "d", order: "desc" };

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function select(label, name, options) {
    var wrapper = element("label", { "class": "litsite-filter" }, label + " ");
    var control = element("select", { name: name });
    control.appendChild(element("option", { value: "" }, "all"));
    options.forEach(function (option) { control.appendChild(element("option", { value: option[0] }, option[1])); });
    wrapper.appendChild(control);
    return wrapper;
  }

  /* The state the address holds; values a list does not offer fall back to the default. */
  function readState(columns) {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    Object.keys(DEFAULTS).forEach(function (name) { state[name] = params.get(name) || DEFAULTS[name]; });
    if (!columns.some(function (column) { return column.sortable && column.key === state.sort; })) state.sort = DEFAULTS.sort;
    if (state.order !== "asc") state.order = "desc";
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    Object.keys(DEFAULTS).forEach(function (name) {
      if (state[name] && state[name] !== DEFAULTS[name]) params.set(name, state[name]);
    });
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (address !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", address);
    }
  }

  function setup(root, data) {
    var papers = data.papers;
    var has = function (field) { return papers.some(function (p) { return !!p[field]; }); };
    papers.forEach(function (p) {
      p.haystack = [p.p, p.a.join(" "), (data.topics[p.o] || ""), p.g.map(function (g) { return data.tags[g] || g; }).join(" ")]
        .join(" ").toLowerCase();
    });
    /* Columns no paper fills are left out (no Upvotes column for a BibTeX library). */
    var columns = [
      { key: "p", label: "Title", sortable: true },
      { key: "d", label: "Date", sortable: true, when: has("d") },
      { key: "o", label: "Topic", sortable: true, when: has("o") },
      { key: "g", label: "Tags", sortable: false, when: papers.some(function (p) { return p.g.length; }) },
      { key: "s", label: "Status", sortable: true, when: has("s") },
      { key: "v", label: "Upvotes", sortable: true, when: has("v") }
    ].filter(function (column) { return column.when !== false; });
    var shown = function (key) { return columns.some(function (column) { return column.key === key; }); };
    var state = readState(columns);
    var limit = PAGE;

    var controls = element("div", { "class": "litsite-controls" });
    var search = element("input", { type: "search", name: "q", placeholder: "Filter by title, author, tag or topic",
      "aria-label": "Filter papers" });
    controls.appendChild(search);
    var byLabel = function (map) {
      return Object.keys(map).map(function (key) { return [key, map[key]]; })
        .sort(function (a, b) { return a[1].localeCompare(b[1]); });
    };
    var years = Array.from(new Set(papers.map(function (p) { return p.y; }).filter(Boolean))).sort().reverse();
    if (shown("o")) controls.appendChild(select("Topic", "topic", byLabel(data.topics)));
    if (shown("g")) controls.appendChild(select("Tag", "tag", byLabel(data.tags)));
    if (years.length) controls.appendChild(select("Year", "year", years.map(function (y) { return [String(y), String(y)]; })));
    if (shown("s")) {
      controls.appendChild(select("Status", "status", ["to-read", "reading", "read", "skipped"].map(function (s) { return [s, s]; })));
    }
    /* One button a format the site publishes (data-formats): "Export these as" the first, the others by name. */
    var published = (root.getAttribute("data-formats") || "").split(" ").filter(function (format) { return LABELS[format]; });
    var exports = published.map(function (format, index) {
      var button = element("button", { type: "button", "class": "md-button", name: index ? "export-" + format : "export" },
        (index ? "" : "Export these as ") + LABELS[format]);
      button.setAttribute("data-format", format);
      controls.appendChild(button);
      return button;
    });
    var count = element("p", { "class": "litsite-count", "aria-live": "polite" });
    var empty = element("p", { "class": "litsite-empty", hidden: "" }, "No paper matches these filters. ");
    var clear = element("button", { type: "button", "class": "md-button", name: "clear" }, "Clear the filters");
    empty.appendChild(clear);

    var table = element("table", { "class": "litsite-table" });
    var head = element("tr");
    columns.forEach(function (column) {
      var th = element("th", { scope: "col", "data-sort": column.key });
      if (column.sortable) {
        var button = element("button", { type: "button" }, column.label);
        button.addEventListener("click", function () {
          state.order = state.sort === column.key ? (state.order === "desc" ? "asc" : "desc")
            : (column.key === "d" || column.key === "v" ? "desc" : "asc");
          state.sort = column.key;
          render();
        });
        th.appendChild(button);
      } else {
        th.textContent = column.label;
      }
      head.appendChild(th);
    });
    var thead = element("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = element("tbody");
    table.appendChild(tbody);
    var more = element("button", { type: "button", "class": "md-button litsite-more", name: "more" }, "Show more");

    root.textContent = "";
    root.appendChild(controls);
    root.appendChild(count);
    root.appendChild(empty);
    root.appendChild(table);
    root.appendChild(more);

    function matches() {
      var words = state.text.toLowerCase().split(/\s+/).filter(Boolean);
      return papers.filter(function (p) {
        return (!state.topic || p.o === state.topic) && (!state.tag || p.g.indexOf(state.tag) >= 0) &&
          (!state.year || String(p.y) === state.year) && (!state.status || p.s === state.status) &&
          words.every(function (word) { return p.haystack.indexOf(word) >= 0; });
      });
    }

    function key(p) {
      if (state.sort === "o") return data.topics[p.o] || "";
      if (state.sort === "p") return p.p.toLowerCase();
      return p[state.sort];
    }

    function cell(row, column, content) {
      var td = element("td", { "data-label": column });
      if (typeof content === "string") td.textContent = content; else if (content) td.appendChild(content);
      row.appendChild(td);
      return td;
    }

    function row(p) {
      var tr = element("tr");
      var title = cell(tr, "Title");
      var link = element("a", { href: p.u });
      link.innerHTML = p.t; // generator-rendered: escaped text and sanitized MathML only
      title.appendChild(link);
      if (p.a.length) title.appendChild(element("small", {}, p.a.join(", ")));
      if (shown("d")) cell(tr, "Date", p.d);
      if (shown("o")) cell(tr, "Topic", p.o ? element("a", { href: "../topics/" + p.o + "/" }, data.topics[p.o] || p.o) : "");
      if (shown("g")) {
        var tags = cell(tr, "Tags");
        p.g.forEach(function (g, index) {
          if (index) tags.appendChild(document.createTextNode(", "));
          tags.appendChild(element("a", { href: "../tags/" + g + "/" }, data.tags[g] || g));
        });
      }
      if (shown("s")) cell(tr, "Status", p.s + (p.r ? " " + "★".repeat(p.r) : ""));
      if (shown("v")) cell(tr, "Upvotes", p.v ? String(p.v) : "");
      return tr;
    }

    function render() {
      var found = matches();
      var descending = state.order === "desc";
      found.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x < y ? -1 : x > y ? 1 : 0;
        if (order === 0) order = a.p < b.p ? -1 : a.p > b.p ? 1 : 0;
        return descending ? -order : order;
      });
      root.litsiteFound = found;
      tbody.textContent = "";
      found.slice(0, limit).forEach(function (p) { tbody.appendChild(row(p)); });
      count.textContent = found.length + " of " + papers.length + " papers" +
        (found.length > limit ? " (showing " + limit + ")" : "");
      empty.hidden = found.length > 0;
      table.hidden = found.length === 0;
      more.hidden = found.length <= limit;
      exports.forEach(function (button, index) {
        var label = LABELS[button.getAttribute("data-format")];
        button.disabled = found.length === 0;
        if (index) button.setAttribute("aria-label", "Export these " + found.length + " as " + label);
        else button.textContent = "Export " + (found.length === papers.length ? "all " : "these ") + found.length + " as " + label;
      });
      thead.querySelectorAll("th[data-sort]").forEach(function (th) {
        var column = th.getAttribute("data-sort");
        if (!th.querySelector("button")) return;
        if (column === state.sort) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        else th.removeAttribute("aria-sort");
      });
      writeState(state);
    }

    function showState() {
      search.value = state.text;
      controls.querySelectorAll("select").forEach(function (control) {
        control.value = state[control.name];
        if (control.value !== state[control.name]) { state[control.name] = ""; control.value = ""; }
      });
    }

    search.addEventListener("input", function () { state.text = search.value; limit = PAGE; render(); });
    controls.querySelectorAll("select").forEach(function (control) {
      control.addEventListener("change", function () { state[control.name] = control.value; limit = PAGE; render(); });
    });
    clear.addEventListener("click", function () {
      FILTERS.forEach(function (name) { state[name] = ""; });
      showState();
      render();
      search.focus();
    });
    more.addEventListener("click", function () { limit += PAGE; render(); });
    /* The downloads hold every paper under its citation key; the shown papers' keys pick their entries. */
    var downloads = root.getAttribute("data-downloads");
    exports.forEach(function (button) {
      button.addEventListener("click", function () {
        var keys = root.litsiteFound.map(function (p) { return p.k; }).filter(Boolean);
        window.litsiteExport(keys, button.getAttribute("data-format"), downloads, "papers-filtered");
      });
    });
    showState();
    render();
  }

  function init() {
    var root = document.getElementById("litsite-papers");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    fetch(root.getAttribute("data-src"))
      .then(function (response) { return response.json(); })
      .then(function (data) { setup(root, data); })
      .catch(function (error) { root.textContent = "The paper list could not be loaded: " + error; });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
