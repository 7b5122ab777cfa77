/**
 * The docs site's Handlebars templates. Handlebars escapes every `{{value}}`, so names and SQL
 * from the export cannot inject markup; the only unescaped slots (`{{{…}}}`) take HTML this
 * module renders itself or JSON made safe for a script element (see render-docs-site.ts).
 * Every link is relative (`root` is '' or '../'), so the site opens from disk.
 */
export const layoutTemplate = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · DTX reports</title>
<link rel="stylesheet" href="{{root}}assets/site.css">
</head>
<body>
<header>
<a class="brand" href="{{root}}index.html">DTX 1.0 → 2.0 reports</a>
<nav>
<a href="{{root}}index.html">Home</a>
<a href="{{root}}reports.html">Reports</a>
<a href="{{root}}dashboards.html">Dashboards</a>
<a href="{{root}}fields.html">Fields</a>
<a href="{{root}}lineage.html">Lineage</a>
<a href="{{root}}skipped.html">Skipped</a>
</nav>
<div class="search">
<input id="search" type="search" placeholder="Search reports, dashboards, fields" aria-label="Search" autocomplete="off">
<ul id="search-results"></ul>
</div>
</header>
<main>
{{{body}}}
</main>
<script src="{{root}}assets/search-index.js"></script>
<script src="{{root}}assets/site.js" data-root="{{root}}"></script>
{{#if charts}}
<script src="{{root}}assets/chart.umd.min.js"></script>
<script src="{{root}}assets/charts.js"></script>
{{/if}}
</body>
</html>
`;

export const homeTemplate = `<h1>The migration at a glance</h1>
<p class="lead">{{totals.reports}} DTX 1.0 reports: {{totals.migrated}} migrated, {{totals.skipped}} skipped.
{{totals.dashboards}} dashboards, {{totals.schedules}} legacy schedules, {{totals.fields}} fields.{{#if asOf}} Decisions as of {{asOf}}.{{/if}}</p>
<script type="application/json" id="chart-data">{{{chartJson}}}</script>
<section class="charts">
<figure><figcaption>Reports by status</figcaption><div class="chart"><canvas id="chart-status" data-chart="reportsByStatus" data-type="doughnut"></canvas></div></figure>
<figure><figcaption>Reports by category</figcaption><div class="chart"><canvas id="chart-category" data-chart="reportsByCategory" data-type="bar"></canvas></div></figure>
<figure class="wide"><figcaption>Usage ranking (manual runs in DTX 1.0, top 15)</figcaption><div class="chart tall"><canvas id="chart-usage" data-chart="usage" data-type="bar" data-horizontal="true"></canvas></div></figure>
<figure><figcaption>Legacy schedules: mapped, approximated, skipped</figcaption><div class="chart"><canvas id="chart-schedules" data-chart="schedules" data-type="doughnut"></canvas></div></figure>
<figure><figcaption>Reconcile: snapshot cells against DTX 2.0</figcaption>
{{#if reconcile}}
<div class="chart"><canvas id="chart-reconcile" data-chart="reconcile" data-type="bar"></canvas></div>
<p class="note">Batch {{reconcile.batch}}: {{reconcile.columnsCompared}} columns compared; {{reconcile.equal}} cells equal, {{reconcile.different}} different, {{reconcile.missing}} missing on one side, {{reconcile.inconsistent}} where the snapshot contradicts itself; {{reconcile.unmatched}} rows unmatched.</p>
{{else}}
<p class="note">Not run: build the docs with DATABASE_URL set to include reconcile's agreement.</p>
{{/if}}
</figure>
</section>
<h2>Most used reports</h2>
<table>
<thead><tr><th>rank</th><th>report</th><th>category</th><th class="num">runs</th><th>status</th></tr></thead>
<tbody>
{{#each topReports}}<tr><td>{{rank}}</td><td><a href="{{href}}">{{name}}</a></td><td>{{category}}</td><td class="num">{{runs}}</td><td>{{status}}</td></tr>
{{/each}}
</tbody>
</table>
`;

export const reportsIndexTemplate = `<h1>Reports</h1>
<table>
<thead><tr><th>id</th><th>legacy name</th><th>internal name</th><th>category</th><th class="num">runs</th><th>status</th><th>view</th></tr></thead>
<tbody>
{{#each reports}}<tr><td>{{legacyId}}</td><td><a href="{{href}}">{{name}}</a></td><td>{{internalName}}</td><td>{{category}}</td><td class="num">{{runs}}</td><td>{{status}}</td><td>{{view}}</td></tr>
{{/each}}
</tbody>
</table>
`;

const subscriptionsPartial = `{{#if subscriptions}}
<table>
<thead><tr><th>subscription</th><th>status</th><th>schedule</th><th class="num">recipients</th><th>domains</th><th>why</th></tr></thead>
<tbody>
{{#each subscriptions}}<tr><td>{{title}}{{#if dashboard}} (<a href="{{../root}}{{dashboard.href}}">{{dashboard.title}}</a>){{/if}}</td><td>{{status}}</td><td>{{#each schedules}}{{this}}{{#unless @last}}; {{/unless}}{{/each}}</td><td class="num">{{recipientCount}}</td><td>{{#each domains}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}</td><td>{{reason}}</td></tr>
{{/each}}
</tbody>
</table>
{{else}}<p>None.</p>{{/if}}`;

export const reportTemplate = `<h1>{{report.name}}</h1>
<dl class="facts">
<dt>Legacy id</dt><dd>{{report.legacyId}}</dd>
<dt>Internal name</dt><dd>{{#if report.internalName}}{{report.internalName}}{{else}}—{{/if}}</dd>
<dt>Category</dt><dd>{{report.category}} ({{report.kind}}{{#if report.customerId}}, customer {{report.customerId}}{{/if}})</dd>
<dt>Usage</dt><dd>{{report.runs}} manual runs{{#if report.lastRun}}, last {{report.lastRun}}{{/if}}{{#if report.rank}}; rank {{report.rank}}{{/if}}</dd>
<dt>Status</dt><dd>{{report.status}}{{#if report.reason}}: {{report.reason}}{{/if}}</dd>
{{#if report.metabaseLink}}<dt>Metabase</dt><dd><a href="{{report.metabaseLink}}">find it in Metabase</a></dd>{{/if}}
</dl>
<h2>Lineage</h2>
<p class="lineage">Legacy report {{report.legacyId}} → {{#if report.view}}view <code>{{report.view}}</code>{{else}}no view{{/if}} → {{#if report.question}}question “{{report.question.name}}”{{else}}no question{{/if}} → {{#each report.dashboards}}<a href="{{../root}}{{href}}">{{title}}</a>{{#unless @last}}, {{/unless}}{{else}}no dashboard{{/each}} → {{report.subscriptions.length}} legacy schedule(s)</p>
<h2>Columns</h2>
{{#if report.columns}}
<table>
<thead><tr><th>heading</th><th>field</th><th>meaning (DTX 1.0 dictionary)</th><th>format</th><th>type</th></tr></thead>
<tbody>
{{#each report.columns}}<tr><td>{{label}}</td><td><a href="{{../root}}{{field.href}}">{{field.title}}</a></td><td>{{description}}</td><td>{{format}}</td><td>{{type}}</td></tr>
{{/each}}
</tbody>
</table>
{{else}}<p>No columns.</p>{{/if}}
{{#if report.omitted}}
<h2>Omitted fields</h2>
<ul>{{#each report.omitted}}<li><code>{{field}}</code>: {{reason}}</li>{{/each}}</ul>
{{/if}}
{{#if report.notes}}
<h2>Notes</h2>
<ul>{{#each report.notes}}<li>{{this}}</li>{{/each}}</ul>
{{/if}}
<h2>View</h2>
{{#if report.view}}<p><code>{{report.view}}</code> ({{report.viewFile}})</p>
{{#if report.viewSql}}<pre><code>{{report.viewSql}}</code></pre>{{/if}}
{{else}}<p>No view: the report was not migrated.</p>{{/if}}
<h2>Question</h2>
{{#if report.question}}<p>“{{report.question.name}}”, shown as {{report.question.display}}.{{#if report.question.filters}} Filters: {{#each report.question.filters}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}.{{/if}}</p>
<pre><code>{{report.question.sql}}</code></pre>
{{else}}<p>No question.</p>{{/if}}
<h2>Dashboards</h2>
{{#if report.dashboards}}<ul>{{#each report.dashboards}}<li><a href="{{../root}}{{href}}">{{title}}</a></li>{{/each}}</ul>{{else}}<p>None.</p>{{/if}}
<h2>Subscriptions</h2>
${subscriptionsPartial.replace(/subscriptions/g, 'report.subscriptions')}
`;

export const dashboardsIndexTemplate = `<h1>Dashboards</h1>
<table>
<thead><tr><th>dashboard</th><th class="num">cards</th><th class="num">filters</th><th class="num">subscriptions</th></tr></thead>
<tbody>
{{#each dashboards}}<tr><td><a href="{{href}}">{{name}}</a></td><td class="num">{{cards.length}}</td><td class="num">{{filters.length}}</td><td class="num">{{subscriptions.length}}</td></tr>
{{/each}}
</tbody>
</table>
`;

export const dashboardTemplate = `<h1>{{dashboard.name}}</h1>
<p>{{dashboard.description}}</p>
<p class="note">Key <code>{{dashboard.key}}</code>.{{#if dashboard.metabaseLink}} <a href="{{dashboard.metabaseLink}}">Find it in Metabase</a>.{{/if}}</p>
<h2>Layout (24 columns, drawn to scale)</h2>
<div class="grid" style="height: {{gridHeight}}px">
{{#each dashboard.cards}}<div class="card" style="left: {{left}}%; width: {{width}}%; top: {{top}}px; height: {{height}}px" title="row {{row}}, column {{col}}, {{sizeX}}×{{sizeY}}">
<strong>{{#if report}}<a href="{{../root}}{{report.href}}">{{title}}</a>{{else}}{{title}}{{/if}}</strong>
<span>{{display}} · row {{row}}, col {{col}}, {{sizeX}}×{{sizeY}}</span>
</div>
{{/each}}
</div>
<h2>Filters</h2>
{{#if dashboard.filters}}
<table>
<thead><tr><th>filter</th><th>type</th><th>wired to</th></tr></thead>
<tbody>
{{#each dashboard.filters}}<tr><td>{{name}}</td><td>{{type}}</td><td>{{#each wiredTo}}{{this}}<br>{{else}}nothing{{/each}}</td></tr>
{{/each}}
</tbody>
</table>
{{else}}<p>None.</p>{{/if}}
<h2>Subscriptions</h2>
${subscriptionsPartial.replace(/subscriptions/g, 'dashboard.subscriptions')}
`;

export const fieldsIndexTemplate = `<h1>Fields</h1>
<table>
<thead><tr><th>field</th><th>heading in DTX 1.0</th><th>category</th><th>status</th><th class="num">reports</th></tr></thead>
<tbody>
{{#each fields}}<tr><td><a href="{{href}}">{{name}}</a></td><td>{{label}}</td><td>{{category}}</td><td>{{status}}</td><td class="num">{{reports.length}}</td></tr>
{{/each}}
</tbody>
</table>
`;

export const fieldTemplate = `<h1><code>{{field.name}}</code></h1>
<dl class="facts">
<dt>Status</dt><dd>{{field.status}}</dd>
<dt>DTX 1.0 heading</dt><dd>{{#if field.label}}{{field.label}}{{else}}—{{/if}}{{#if field.category}} ({{field.category}}){{/if}}</dd>
<dt>Meaning</dt><dd>{{#if field.description}}{{field.description}}{{else}}—{{/if}}</dd>
<dt>DTX 1.0 format</dt><dd>{{#if field.legacyFormat}}{{field.legacyFormat}}{{else}}—{{/if}}</dd>
<dt>DTX 2.0 definition</dt><dd>{{#if field.expression}}<code>{{field.expression}}</code> ({{field.pgType}}, shown as {{field.displayFormat}}, one per {{field.grain}}){{else}}not mapped{{/if}}</dd>
</dl>
<h2>Reports that use it</h2>
{{#if field.reports}}<ul>{{#each field.reports}}<li><a href="{{../root}}{{href}}">{{title}}</a></li>{{/each}}</ul>{{else}}<p>None.</p>{{/if}}
`;

export const lineageTemplate = `<h1>Lineage</h1>
<p>Legacy report → view → question → dashboard → subscriptions, for every migrated report.</p>
<table>
<thead><tr><th>legacy report</th><th>view</th><th>question</th><th>dashboards</th><th class="num">schedules carried</th></tr></thead>
<tbody>
{{#each lineage}}<tr><td><a href="{{report.href}}">{{report.title}}</a></td><td><code>{{view}}</code></td><td>{{question}}</td><td>{{#each dashboards}}<a href="{{href}}">{{title}}</a>{{#unless @last}}, {{/unless}}{{/each}}</td><td class="num">{{subscriptions}}</td></tr>
{{/each}}
</tbody>
</table>
`;

export const skippedTemplate = `<h1>Skipped reports and schedules</h1>
<h2>Reports not migrated</h2>
{{#if skippedReports}}<table><thead><tr><th>report</th><th>why</th></tr></thead><tbody>
{{#each skippedReports}}<tr><td><a href="{{report.href}}">{{report.title}}</a></td><td>{{reason}}</td></tr>
{{/each}}</tbody></table>{{else}}<p>None.</p>{{/if}}
<h2>Schedules skipped or approximated</h2>
{{#if skippedSchedules}}<table><thead><tr><th>legacy schedule</th><th>report</th><th>outcome</th><th>why</th></tr></thead><tbody>
{{#each skippedSchedules}}<tr><td>{{legacyId}}</td><td>{{#if report}}<a href="{{report.href}}">{{report.title}}</a>{{else}}—{{/if}}</td><td>{{status}}</td><td>{{reason}}</td></tr>
{{/each}}</tbody></table>{{else}}<p>None.</p>{{/if}}
`;
