import Handlebars from 'handlebars';
import { chartsJs, siteCss, siteJs } from './docs-assets.ts';
import type { DocsModel } from './docs-model.ts';
import {
  dashboardTemplate,
  dashboardsIndexTemplate,
  fieldTemplate,
  fieldsIndexTemplate,
  homeTemplate,
  layoutTemplate,
  lineageTemplate,
  reportTemplate,
  reportsIndexTemplate,
  skippedTemplate,
} from './docs-templates.ts';

/**
 * The docs site as files (relative path → content), from the model: pure, so the same model gives
 * the same bytes. Chart.js is not among them: the docs command copies its UMD build beside these.
 */
export interface SiteFile {
  readonly path: string;
  readonly content: string;
}

/** Pixels per dashboard grid row in the drawing (Metabase's rows are about this tall too). */
const rowPixels = 24;

/** JSON placed inside a <script> element: `<` escaped so no `</script>` can close it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function renderDocsSite(model: DocsModel): readonly SiteFile[] {
  const handlebars = Handlebars.create();
  const compile = (source: string) =>
    handlebars.compile(source, { strict: false, noEscape: false });
  const layout = compile(layoutTemplate);
  const page = (
    path: string,
    title: string,
    template: HandlebarsTemplateDelegate,
    context: Record<string, unknown>,
    charts = false,
  ): SiteFile => {
    const root = path.includes('/') ? '../' : '';
    const body = template({ ...context, root });
    return { path, content: layout({ title, root, body, charts }) };
  };

  const home = compile(homeTemplate);
  const reportsIndex = compile(reportsIndexTemplate);
  const report = compile(reportTemplate);
  const dashboardsIndex = compile(dashboardsIndexTemplate);
  const dashboard = compile(dashboardTemplate);
  const fieldsIndex = compile(fieldsIndexTemplate);
  const field = compile(fieldTemplate);
  const lineage = compile(lineageTemplate);
  const skipped = compile(skippedTemplate);

  const topReports = [...model.reports]
    .filter((entry) => entry.runs > 0)
    .sort((a, b) => b.runs - a.runs || a.legacyId - b.legacyId)
    .slice(0, 10);
  const files: SiteFile[] = [
    page(
      'index.html',
      'Home',
      home,
      {
        ...model,
        topReports,
        chartJson: scriptJson({ ...model.charts }),
      },
      true,
    ),
    page('reports.html', 'Reports', reportsIndex, { reports: model.reports }),
    page('dashboards.html', 'Dashboards', dashboardsIndex, { dashboards: model.dashboards }),
    page('fields.html', 'Fields', fieldsIndex, { fields: model.fields }),
    page('lineage.html', 'Lineage', lineage, { lineage: model.lineage }),
    page('skipped.html', 'Skipped', skipped, {
      skippedReports: model.skippedReports,
      skippedSchedules: model.skippedSchedules,
    }),
    ...model.reports.map((entry) => page(entry.href, entry.name, report, { report: entry })),
    ...model.dashboards.map((entry) =>
      page(entry.href, entry.name, dashboard, {
        dashboard: {
          ...entry,
          cards: entry.cards.map((card) => ({
            ...card,
            top: card.row * rowPixels,
            height: card.sizeY * rowPixels,
          })),
        },
        gridHeight: entry.rows * rowPixels,
      }),
    ),
    ...model.fields.map((entry) => page(entry.href, entry.name, field, { field: entry })),
    { path: 'assets/site.css', content: siteCss },
    { path: 'assets/site.js', content: siteJs },
    { path: 'assets/charts.js', content: chartsJs },
    {
      path: 'assets/search-index.js',
      content: `window.DTX_SEARCH = ${scriptJson(model.search)};\n`,
    },
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
