import type { Rng } from './prng.ts';
import {
  agencyWords,
  carrierWords,
  cities,
  companyStems,
  companySuffixes,
  firstNames,
  lastNames,
  placeKinds,
  placeWords,
  streetNames,
  streetSuffixes,
  trades,
} from './word-lists.ts';

/** Names and contact details that look real, built from the word lists by a seeded generator. */

const slugCache = new Map<string, string>();

/** Lower-case ASCII letters and digits only, for e-mail addresses and domains. */
export function slug(text: string): string {
  let result = slugCache.get(text);
  if (result === undefined) {
    result = text
      .toLowerCase()
      .replace(/ø/g, 'o')
      .replace(/ß/g, 'ss')
      .normalize('NFD')
      .replace(/[^a-z0-9]/g, '');
    slugCache.set(text, result);
  }
  return result;
}

export interface PersonName {
  readonly first: string;
  readonly last: string;
}

export function personName(rng: Rng): PersonName {
  return { first: rng.pick(firstNames), last: rng.pick(lastNames) };
}

export interface CompanyName {
  readonly name: string;
  readonly domain: string;
}

/** A vendor: "Granite Roofing LLC", "Kowalski Electrical & Sons". */
export function vendorName(rng: Rng): CompanyName {
  const stem = rng.chance(0.3) ? rng.pick(lastNames) : rng.pick(companyStems);
  const trade = rng.pick(trades);
  const suffix = rng.pick(companySuffixes);
  return {
    name: `${stem} ${trade} ${suffix}`,
    domain: `${slug(stem)}${slug(trade.split(' ')[0] ?? trade)}.example.com`,
  };
}

const serviceOrgKinds = [
  'Properties',
  'Health System',
  'Logistics',
  'Facilities Management',
  'School District',
  'Retail Group',
  'Hospitality Group',
  'Manufacturing',
  'Realty Trust',
  'Development Corp.',
  'Construction Group',
  'Medical Partners',
] as const;

/** A customer of Docutrax (service org). */
export function serviceOrgName(rng: Rng): string {
  return `${rng.pick(companyStems)} ${rng.pick(serviceOrgKinds)}`;
}

/** A certificate holder: a property, facility or project of the service org. */
export function clientName(rng: Rng): string {
  return `${rng.pick(placeWords)} ${rng.pick(placeKinds)}`;
}

export function agencyName(rng: Rng): string {
  return `${rng.chance(0.4) ? rng.pick(lastNames) : rng.pick(companyStems)} ${rng.pick(agencyWords)}`;
}

export function carrierName(rng: Rng): string {
  return `${rng.pick(companyStems)} ${rng.pick(carrierWords)}`;
}

export interface Address {
  readonly line1: string;
  readonly line2: string | null;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
  readonly areaCode: string;
}

export function address(rng: Rng): Address {
  const [city, state, zip3, areaCode] = rng.pick(cities);
  const line2Kind = rng.next();
  const line2 =
    line2Kind < 0.12
      ? `Suite ${rng.int(100, 1999)}`
      : line2Kind < 0.18
        ? `Unit ${rng.int(1, 60)}`
        : line2Kind < 0.22
          ? `Floor ${rng.int(2, 40)}`
          : null;
  return {
    line1: `${rng.int(1, 9999)} ${rng.pick(streetNames)} ${rng.pick(streetSuffixes)}`,
    line2,
    city,
    state,
    postalCode: `${zip3}${String(rng.int(1, 99)).padStart(2, '0')}`,
    areaCode,
  };
}

/** 555-01xx numbers are reserved for fiction in the North American numbering plan. */
export function phone(rng: Rng, areaCode: string): string {
  return `(${areaCode}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
}

export function randomAreaCode(rng: Rng): string {
  return rng.pick(cities)[3];
}
