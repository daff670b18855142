/* litsite: export some papers from the site's downloads, in the browser. The downloads hold every paper
   under its citation key (BibTeX's key, RIS's ID, CSL-JSON's id); this picks the entries of the given keys
   and saves them as one file. Used by the All-papers table ("Export these N") and by each paper page. */
(function () {
  "use strict";

  /* Per format: its download, and how to pick entries by key from the whole file (`pick`) or read the one
     entry a range of its bytes holds (`one`: null when those bytes are not that entry). */
  var FORMATS = {
    bibtex: { file: "papers.bib", type: "application/x-bibtex", name: ".bib", pick: function (text, keys) {
      return text.split(/\n(?=@)/).filter(function (entry) {
        var match = /^@\w+\{([^,]+),/.exec(entry.trim());
        return match && keys.has(match[1]);
      }).join("\n").trim() + "\n";
    }, one: function (text, key) {
      var match = /^@\w+\{([^,]+),/.exec(text);
      return match && match[1] === key ? text.trim() + "\n" : null;
    } },
    ris: { file: "papers.ris", type: "application/x-research-info-systems", name: ".ris", pick: function (text, keys) {
      return text.split(/\n(?=TY {2}- )/).filter(function (record) {
        var match = /^ID {2}- (.*)$/m.exec(record);
        return match && keys.has(match[1].trim());
      }).join("\n").trim() + "\n";
    }, one: function (text, key) {
      var match = /^ID {2}- (.*)$/m.exec(text);
      return /^TY {2}- /.test(text) && match && match[1].trim() === key ? text.trim() + "\n" : null;
    } },
    csl: { file: "papers-csl.json", type: "application/vnd.citationstyles.csl+json", name: "-csl.json", pick: function (text, keys) {
      return JSON.stringify(JSON.parse(text).filter(function (item) { return keys.has(String(item.id)); }), null, 1) + "\n";
    }, one: function (text, key) {
      try {
        var item = JSON.parse(text);
        return item && String(item.id) === key ? JSON.stringify([item], null, 1) + "\n" : null;
      } catch (error) { return null; }
    } }
  };

  function save(content, spec, filename) {
    var blob = new Blob([content], { type: spec.type });
    var anchor = document.createElement("a");
    anchor.href = URL.createObjectURL(blob);
    anchor.download = filename + spec.name;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
  }

  /* Save the entries of `keys` (citation keys) in `format` from the downloads folder at `downloads`. */
  function exportPapers(keys, format, downloads, filename) {
    var spec = FORMATS[format];
    var wanted = new Set(keys);
    return fetch(downloads + spec.file).then(function (response) { return response.text(); }).then(function (text) {
      save(spec.pick(text, wanted), spec, filename);
    });
  }

  /* Save one paper: where its entry lies in the download (its file of the entry index, `shard`, counts from
     where its stretch of papers begins, which sections.json says), then those bytes alone. A server that
     answers with the whole file, or an index that does not know the paper, falls back to picking it from
     the whole file. */
  function exportOne(key, format, downloads, shard) {
    var spec = FORMATS[format];
    var whole = function () { return exportPapers([key], format, downloads, key); };
    var json = function (url) {
      return fetch(url).then(function (response) { return response.ok ? response.json() : null; });
    };
    return Promise.all([json(downloads + "entries/sections.json"), json(downloads + "entries/" + shard + ".json")])
      .then(function (found) {
        var start = found[0] && found[0][format] && found[0][format][shard];
        var range = found[1] && found[1][key] && found[1][key][format];
        if (typeof start !== "number" || !range) return whole();
        var first = start + range[0], last = start + range[1] - 1;
        return fetch(downloads + spec.file, { headers: { Range: "bytes=" + first + "-" + last } })
          .then(function (response) {
            if (!response.ok) return whole();  /* a range the server refused (416): the whole file */
            return response.text().then(function (text) {
              if (response.status !== 206) return save(spec.pick(text, new Set([key])), spec, key);
              var entry = spec.one(text, key);
              return entry ? save(entry, spec, key) : whole();
            });
          });
      }, whole);
  }

  window.litsiteExport = exportPapers;

  /* A paper page's buttons: <button data-litsite-export="ris" data-key="..." data-downloads="../../downloads/"
     data-shard="ab">. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-litsite-export]");
    if (!button) return;
    var key = button.getAttribute("data-key"), format = button.getAttribute("data-litsite-export");
    var downloads = button.getAttribute("data-downloads"), shard = button.getAttribute("data-shard");
    if (shard) exportOne(key, format, downloads, shard);
    else exportPapers([key], format, downloads, key);
  });
})();
