/**
 * The site's own stylesheet and scripts (Chart.js itself is copied from node_modules by the docs
 * command). Plain browser JavaScript with no modules, so it runs from file:// where module
 * scripts and fetch() of local files are blocked. The search index is a script for that reason.
 */
export const siteCss = `*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;background:#f6f8fa}
header{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;padding:.6rem 1.2rem;background:#1f3a5f;color:#fff;position:sticky;top:0;z-index:10}
header a{color:#fff;text-decoration:none}
header nav a{margin-right:.8rem;opacity:.9}
header nav a:hover{opacity:1;text-decoration:underline}
.brand{font-weight:700}
.search{position:relative;margin-left:auto}
#search{width:22rem;max-width:80vw;padding:.35rem .5rem;border-radius:4px;border:0}
#search-results{position:absolute;right:0;top:2.1rem;margin:0;padding:0;list-style:none;background:#fff;color:#1d2733;width:26rem;max-height:60vh;overflow:auto;box-shadow:0 4px 16px rgba(0,0,0,.25);border-radius:4px}
#search-results li{padding:.35rem .6rem;border-bottom:1px solid #e4e8ee}
#search-results li a{color:#1f3a5f;text-decoration:none;font-weight:600}
#search-results li span{color:#6b7785;font-size:.85em;margin-left:.4rem}
main{max-width:1200px;margin:0 auto;padding:1rem 1.2rem 3rem}
h1{font-size:1.6rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0 1.2rem}
th,td{border:1px solid #dde3ea;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f6}
.num{text-align:right}
pre{background:#0f1720;color:#e6edf3;padding:.8rem;overflow:auto;border-radius:4px;font-size:.82rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
dl.facts{display:grid;grid-template-columns:12rem 1fr;gap:.2rem 1rem;background:#fff;padding:.8rem;border:1px solid #dde3ea}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
.lead{font-size:1.05rem}
.note{color:#4b5866;font-size:.9rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:1rem}
.charts figure{margin:0;background:#fff;border:1px solid #dde3ea;padding:.6rem}
.charts figure.wide{grid-column:1/-1}
.charts figcaption{font-weight:600;margin-bottom:.4rem}
.chart{position:relative;height:260px}
.chart.tall{height:380px}
.grid{position:relative;background-color:#fff;background-image:repeating-linear-gradient(to right,#edf1f5 0,#edf1f5 1px,transparent 1px,transparent calc(100% / 24));border:1px solid #dde3ea;margin-bottom:1.2rem}
.card{position:absolute;padding:.4rem;border:1px solid #7d99bd;background:#e8f0fa;border-radius:3px;overflow:hidden;font-size:.85rem}
.card span{display:block;color:#4b5866;font-size:.8em}
`;

export const siteJs = `(function () {
  'use strict';
  var script = document.currentScript;
  var root = (script && script.getAttribute('data-root')) || '';
  var input = document.getElementById('search');
  var list = document.getElementById('search-results');
  var entries = window.DTX_SEARCH || [];
  function show(query) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var terms = query.toLowerCase().split(/\\s+/).filter(Boolean);
    if (terms.length === 0) return;
    var found = entries.filter(function (entry) {
      return terms.every(function (term) { return entry.keywords.indexOf(term) >= 0; });
    }).slice(0, 20);
    found.forEach(function (entry) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = root + entry.href;
      link.textContent = entry.title;
      var kind = document.createElement('span');
      kind.textContent = entry.kind;
      item.appendChild(link);
      item.appendChild(kind);
      list.appendChild(item);
    });
    if (found.length === 0) {
      var none = document.createElement('li');
      none.textContent = 'Nothing found';
      list.appendChild(none);
    }
  }
  if (input && list) {
    input.addEventListener('input', function () { show(input.value); });
  }
})();
`;

export const chartsJs = `(function () {
  'use strict';
  var source = document.getElementById('chart-data');
  if (!source || typeof Chart === 'undefined') return;
  var data = JSON.parse(source.textContent);
  var palette = ['#1f3a5f', '#3f7cc4', '#7fb2e5', '#e3a33b', '#c4513f', '#5a9e6f', '#8a6fb5', '#b0b8c2', '#2a9d8f'];
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    var series = data[canvas.getAttribute('data-chart')];
    if (!series) return;
    var type = canvas.getAttribute('data-type');
    var horizontal = canvas.getAttribute('data-horizontal') === 'true';
    new Chart(canvas, {
      type: type,
      data: {
        labels: series.labels,
        datasets: [{
          data: series.values,
          backgroundColor: type === 'doughnut' ? palette.slice(0, series.values.length) : '#3f7cc4'
        }]
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: type === 'doughnut' } }
      }
    });
  });
})();
`;
