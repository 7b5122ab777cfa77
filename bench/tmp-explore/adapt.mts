import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
const dir = process.argv[2]!;
const sample = parse(readFileSync('/work/main/examples/legacy-export/report_field_definition.csv'), { columns: true }) as Record<string,string>[];
const syn = parse(readFileSync(`${dir}/report_field_definition.csv`), { columns: true }) as Record<string,string>[];
const out = syn.map((row, i) => { const s = sample[i % sample.length]!; return { ...row, category: s.category, name: s.name, label: s.label, display_format: s.display_format, is_aggregate: s.is_aggregate, active: s.active }; });
writeFileSync(`${dir}/report_field_definition.csv`, stringify(out, { header: true }));
