/* litsite: export some papers from the site's downloads, in the browser. The downloads hold every paper
   under its citation key (BibTeX's key, RIS's ID, CSL-JSON's id); this picks the entries of the given keys
   and saves them as one file. Used by the All-papers table ("Export these N") and by each paper page. */
(function () {
  "use strict";

  var FORMATS = {
    bibtex: { file: "papers.bib", type: "application/x-bibtex", name: ".bib", pick: function (text, keys) {
      return text.split(/\n(?=@)/).filter(function (entry) {
        var match = /^@\w+\{([^,]+),/.exec(entry.trim());
        return match && keys.has(match[1]);
      }).join("\n").trim() + "\n";
    } },
    ris: { file: "papers.ris", type: "application/x-research-info-systems", name: ".ris", pick: function (text, keys) {
      return text.split(/\n(?=TY {2}- )/).filter(function (record) {
        var match = /^ID {2}- (.*)$/m.exec(record);
        return match && keys.has(match[1].trim());
      }).join("\n").trim() + "\n";
    } },
    csl: { file: "papers-csl.json", type: "application/vnd.citationstyles.csl+json", name: "-csl.json", pick: function (text, keys) {
      return JSON.stringify(JSON.parse(text).filter(function (item) { return keys.has(String(item.id)); }), null, 1) + "\n";
    } }
  };

  /* Save the entries of `keys` (citation keys) in `format` from the downloads folder at `downloads`. */
  function exportPapers(keys, format, downloads, filename) {
    var spec = FORMATS[format];
    var wanted = new Set(keys);
    return fetch(downloads + spec.file).then(function (response) { return response.text(); }).then(function (text) {
      var blob = new Blob([spec.pick(text, wanted)], { type: spec.type });
      var anchor = document.createElement("a");
      anchor.href = URL.createObjectURL(blob);
      anchor.download = filename + spec.name;
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
    });
  }

  window.litsiteExport = exportPapers;

  /* A paper page's buttons: <button data-litsite-export="ris" data-key="..." data-downloads="../../downloads/">. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-litsite-export]");
    if (!button) return;
    exportPapers([button.getAttribute("data-key")], button.getAttribute("data-litsite-export"),
      button.getAttribute("data-downloads"), button.getAttribute("data-key"));
  });
})();
