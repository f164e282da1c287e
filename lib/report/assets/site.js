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
    /* The page's language (<html lang>, set by the page model) picks the words. */
    aantal.textContent = document.documentElement.lang === 'en'
      ? shown + (shown === 1 ? ' area' : ' areas') + ' shown'
      : shown + (shown === 1 ? ' gebied' : ' gebieden') + ' getoond';
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

/* Every page: tables in scroll containers, scrolled charts reachable by keyboard, a table of contents. */
(function () {
  'use strict';
  var seq = 0;
  function idOf(el) {
    if (!el.id) { el.id = 'tabel-titel-' + (++seq); }
    return el.id;
  }
  /* A table the page wrote bare goes into the scroll container the site's own tables have
   * (div.tabel: it scrolls sideways, not the page; keyboard-reachable, named by the caption). */
  function wrapTables() {
    Array.prototype.forEach.call(document.querySelectorAll('main table'), function (t) {
      if (t.parentNode.classList.contains('tabel')) { return; }
      var d = document.createElement('div');
      d.className = 'tabel';
      d.setAttribute('role', 'region');
      d.tabIndex = 0;
      if (t.caption) { d.setAttribute('aria-labelledby', idOf(t.caption)); }
      else { d.setAttribute('aria-label', document.documentElement.lang === 'en' ? 'Table' : 'Tabel'); }
      t.parentNode.insertBefore(d, t);
      d.appendChild(t);
    });
  }
  /* A chart wider than the screen scrolls inside its figure (site.css): reachable by keyboard. */
  function scrollFigures() {
    Array.prototype.forEach.call(document.querySelectorAll('main figure'), function (f) {
      if (f.scrollWidth > f.clientWidth + 1) { f.tabIndex = 0; }
      else { f.removeAttribute('tabindex'); }
    });
  }
  /* Long pages without one written by the site get a table of contents from their h2s. */
  function toc() {
    if (document.querySelector('nav.toc')) { return; }
    var hs = Array.prototype.filter.call(document.querySelectorAll('main h2'), function (h) { return h.id; });
    if (hs.length < 4) { return; }
    var nav = document.createElement('nav');
    nav.className = 'toc';
    nav.setAttribute('aria-label', document.documentElement.lang === 'en' ? 'On this page' : 'Op deze pagina');
    var ul = document.createElement('ul');
    hs.forEach(function (h) {
      var li = document.createElement('li'), a = document.createElement('a');
      a.href = '#' + h.id;
      a.textContent = h.textContent;
      li.appendChild(a);
      ul.appendChild(li);
    });
    nav.appendChild(ul);
    var at = document.querySelector('main p.lead') || document.querySelector('main h1');
    at.parentNode.insertBefore(nav, at.nextSibling);
  }
  /* Folded tables and lists print open. */
  function printOpen() {
    window.addEventListener('beforeprint', function () {
      Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
    });
  }
  wrapTables();
  toc();
  scrollFigures();
  window.addEventListener('resize', scrollFigures);
  printOpen();
}());

/* The index: a handful of columns first (th[data-standaard]), the others through a column picker.
 * Without the script every column shows. */
(function () {
  'use strict';
  var table = document.getElementById('gebieden-tabel');
  if (!table || !table.querySelector('th[data-standaard]')) { return; }
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var cols = [];
  heads.forEach(function (th, i) { if (th.classList.contains('num')) { cols.push(i); } });
  function show(i, on) {
    heads[i].hidden = !on;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) { r.cells[i].hidden = !on; });
  }
  var box = document.createElement('details');
  box.className = 'kolommen';
  var summary = document.createElement('summary');
  var fs = document.createElement('fieldset');
  var legend = document.createElement('legend');
  var en = document.documentElement.lang === 'en';
  legend.textContent = en ? 'Show the columns' : 'Toon de kolommen';
  fs.appendChild(legend);
  function count() {
    var n = fs.querySelectorAll('input:checked').length;
    summary.textContent = en ? 'Choose columns (' + n + ' of ' + cols.length + ' shown)'
      : 'Kolommen kiezen (' + n + ' van ' + cols.length + ' getoond)';
  }
  cols.forEach(function (i) {
    var lab = document.createElement('label'), cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.checked = heads[i].hasAttribute('data-standaard');
    cb.addEventListener('change', function () { show(i, cb.checked); count(); });
    lab.appendChild(cb);
    lab.appendChild(document.createTextNode(' ' + heads[i].textContent));
    fs.appendChild(lab);
    show(i, cb.checked);
  });
  box.appendChild(summary);
  box.appendChild(fs);
  count();
  var wrap = table.parentNode.classList.contains('tabel') ? table.parentNode : table;
  wrap.parentNode.insertBefore(box, wrap);
}());
