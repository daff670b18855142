/* litsite: the All-papers table. Hand-written, no dependencies; fed from papers/table.json so a
   10,000-paper collection loads one small JSON file instead of a 10,000-row HTML table.
   Titles arrive pre-rendered by the generator (escaped text and sanitized MathML); every other value is
   set with textContent. */
(function () {
  "use strict";

  var PAGE = 200;

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function select(label, name, options) {
    var wrapper = element("label", { "class": "litsite-filter" }, label + " ");
    var control = element("select", { name: name, "aria-label": label });
    control.appendChild(element("option", { value: "" }, "all"));
    options.forEach(function (option) { control.appendChild(element("option", { value: option[0] }, option[1])); });
    wrapper.appendChild(control);
    return wrapper;
  }

  function setup(root, data) {
    var papers = data.papers;
    var hasStatus = papers.some(function (p) { return p.s; });
    papers.forEach(function (p) {
      p.haystack = [p.p, p.a.join(" "), (data.topics[p.o] || ""), p.g.map(function (g) { return data.tags[g] || g; }).join(" ")]
        .join(" ").toLowerCase();
    });
    var state = { query: "", topic: "", tag: "", year: "", status: "", sort: "d", descending: true, shown: PAGE };

    var controls = element("div", { "class": "litsite-controls" });
    var search = element("input", { type: "search", name: "q", placeholder: "Filter by title, author, tag or topic",
      "aria-label": "Filter papers" });
    controls.appendChild(search);
    var byLabel = function (map) {
      return Object.keys(map).map(function (key) { return [key, map[key]]; })
        .sort(function (a, b) { return a[1].localeCompare(b[1]); });
    };
    var years = Array.from(new Set(papers.map(function (p) { return p.y; }).filter(Boolean))).sort().reverse();
    controls.appendChild(select("Topic", "topic", byLabel(data.topics)));
    controls.appendChild(select("Tag", "tag", byLabel(data.tags)));
    controls.appendChild(select("Year", "year", years.map(function (y) { return [String(y), String(y)]; })));
    if (hasStatus) {
      controls.appendChild(select("Status", "status", ["to-read", "reading", "read", "skipped"].map(function (s) { return [s, s]; })));
    }
    var exportButton = element("button", { type: "button", "class": "md-button", name: "export" }, "Export these as BibTeX");
    controls.appendChild(exportButton);
    var count = element("p", { "class": "litsite-count", "aria-live": "polite" });

    var columns = [["p", "Title"], ["d", "Date"], ["o", "Topic"], ["g", "Tags"]];
    if (hasStatus) columns.push(["s", "Status"]);
    columns.push(["v", "Upvotes"]);
    var table = element("table", { "class": "litsite-table" });
    var head = element("tr");
    columns.forEach(function (column) {
      var th = element("th", { "data-sort": column[0], tabindex: "0", role: "button" }, column[1]);
      if (column[0] === "g") th.removeAttribute("role");
      head.appendChild(th);
    });
    var thead = element("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var tbody = element("tbody");
    table.appendChild(tbody);
    var more = element("button", { type: "button", "class": "md-button", name: "more" }, "Show more");

    root.textContent = "";
    root.appendChild(controls);
    root.appendChild(count);
    var scroller = element("div", { "class": "md-typeset__scrollwrap" });
    scroller.appendChild(table);
    root.appendChild(scroller);
    root.appendChild(more);

    function matches() {
      var words = state.query.toLowerCase().split(/\s+/).filter(Boolean);
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

    function render() {
      var found = matches();
      found.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = x < y ? -1 : x > y ? 1 : 0;
        if (order === 0) order = a.p < b.p ? -1 : a.p > b.p ? 1 : 0;
        return state.descending ? -order : order;
      });
      root.litsiteFound = found;
      tbody.textContent = "";
      found.slice(0, state.shown).forEach(function (p) {
        var row = element("tr");
        var title = element("td");
        var link = element("a", { href: p.u });
        link.innerHTML = p.t; // generator-rendered: escaped text and sanitized MathML only
        title.appendChild(link);
        if (p.a.length) title.appendChild(element("small", {}, " " + p.a.join(", ")));
        row.appendChild(title);
        row.appendChild(element("td", {}, p.d));
        var topic = element("td");
        if (p.o) topic.appendChild(element("a", { href: "../topics/" + p.o + "/" }, data.topics[p.o] || p.o));
        row.appendChild(topic);
        var tags = element("td");
        p.g.forEach(function (g, index) {
          if (index) tags.appendChild(document.createTextNode(", "));
          tags.appendChild(element("a", { href: "../tags/" + g + "/" }, data.tags[g] || g));
        });
        row.appendChild(tags);
        if (hasStatus) row.appendChild(element("td", {}, p.s + (p.r ? " " + "★".repeat(p.r) : "")));
        row.appendChild(element("td", {}, p.v ? String(p.v) : ""));
        tbody.appendChild(row);
      });
      count.textContent = found.length + " of " + papers.length + " papers" +
        (found.length > state.shown ? " (showing " + state.shown + ")" : "");
      more.hidden = found.length <= state.shown;
      thead.querySelectorAll("th").forEach(function (th) {
        var sorted = th.getAttribute("data-sort") === state.sort;
        th.setAttribute("aria-sort", sorted ? (state.descending ? "descending" : "ascending") : "none");
      });
    }

    search.addEventListener("input", function () { state.query = search.value; state.shown = PAGE; render(); });
    controls.querySelectorAll("select").forEach(function (control) {
      control.addEventListener("change", function () { state[control.name] = control.value; state.shown = PAGE; render(); });
    });
    thead.querySelectorAll("th[role=button]").forEach(function (th) {
      var sortBy = function () {
        var column = th.getAttribute("data-sort");
        state.descending = state.sort === column ? !state.descending : column === "d" || column === "v";
        state.sort = column;
        render();
      };
      th.addEventListener("click", sortBy);
      th.addEventListener("keydown", function (event) { if (event.key === "Enter") sortBy(); });
    });
    more.addEventListener("click", function () { state.shown += PAGE; render(); });
    exportButton.addEventListener("click", function () {
      var keys = new Set(root.litsiteFound.map(function (p) { return p.k; }).filter(Boolean));
      fetch(root.getAttribute("data-bib")).then(function (response) { return response.text(); }).then(function (text) {
        var entries = text.split(/\n(?=@)/).filter(function (entry) {
          var match = /^@\w+\{([^,]+),/.exec(entry.trim());
          return match && keys.has(match[1]);
        });
        var blob = new Blob([entries.join("\n").trim() + "\n"], { type: "application/x-bibtex" });
        var anchor = element("a", { href: URL.createObjectURL(blob), download: "papers-filtered.bib" });
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
      });
    });
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
