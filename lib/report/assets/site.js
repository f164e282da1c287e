(function () {
  'use strict';
  var table = document.getElementById('gebieden-tabel');
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);

  /* Search that forgives: accents, case, spaces, hyphens and apostrophes do
   * not count ("oss zuid" finds Oss-Zuid, "s-hertogenbosch"
   * 's-Hertogenbosch).  data-zoek holds names and codes already folded to
   * lower-case ASCII (report/search_key.c); the query is folded here. */
  function searchFold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }
  function searchCompact(s) {
    return s.replace(/[^a-z0-9]+/g, '');
  }
  function searchKeys(list) {
    return list.map(function (r) { return searchCompact(searchFold(r.getAttribute('data-zoek') || '')); });
  }
  /* The whole query without separators ("osszuid"); only when no area
   * holds that, every word of it anywhere ("zuid oss"): "oss zuid" then
   * lists Oss-Zuid alone, not every "-Zuid" of Oss. */
  function searchQuery(text, keys) {
    var f = searchFold(text), all = searchCompact(f);
    return {
      all: all,
      whole: keys.some(function (k) { return k.indexOf(all) >= 0; }),
      words: f.split(/[^a-z0-9]+/).filter(function (w) { return w !== ''; })
    };
  }
  function searchMatches(key, q) {
    if (!q.all) { return true; }
    if (q.whole) { return key.indexOf(q.all) >= 0; }
    return q.words.every(function (w) { return key.indexOf(w) >= 0; });
  }
  var zoek = document.getElementById('zoek');
  var gemeente = document.getElementById('filter-gemeente');
  var soort = document.getElementById('filter-soort');
  var aantal = document.getElementById('aantal');
  var keys = searchKeys(rows);
  function filter() {
    var q = searchQuery(zoek.value, keys);
    var shown = 0;
    rows.forEach(function (r, i) {
      var ok = searchMatches(keys[i], q) &&
        (!gemeente.value || r.getAttribute('data-gemeente') === gemeente.value) &&
        (!soort.value || r.getAttribute('data-soort') === soort.value);
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    aantal.textContent = shown + (shown === 1 ? ' gebied' : ' gebieden') + ' getoond';
  }
  function key(r, i) {
    var c = r.cells[i];
    var v = c.getAttribute('data-v');
    return v === null ? c.textContent.trim().toLowerCase() : (v === '' ? null : parseFloat(v));
  }
  function sort(th, i) {
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    rows.sort(function (a, b) {
      var x = key(a, i), y = key(b, i);
      if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
      var c = typeof x === 'number' ? x - y : x.localeCompare(y, 'nl');
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    keys = searchKeys(rows);
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    var b = th.querySelector('button');
    if (b) { b.addEventListener('click', function () { sort(th, i); }); }
  });
  [zoek, gemeente, soort].forEach(function (el) { el.addEventListener('input', filter); });
  document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); filter(); });
  filter();
}());
