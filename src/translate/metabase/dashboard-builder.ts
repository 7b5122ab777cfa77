import { placeCards, type CardSize } from '../../desired/metabase/dashboard-grid.ts';
import type {
  CollectionKey,
  DashboardKey,
  DashboardParameter,
  DesiredDashboard,
  DesiredQuestion,
  MappingTarget,
  ParameterType,
  TemplateTag,
} from '../../desired/metabase/model.ts';
import { parameterId } from '../../desired/metabase/stable-ids.ts';

/**
 * Builds a dashboard whose filters are wired by name: a parameter with slug `client` drives the
 * template tag `client` of every card that has one, so no card is ever left unfiltered.
 */

export interface ParameterSpec {
  readonly slug: string;
  readonly name: string;
  readonly type: ParameterType;
  readonly default: readonly (string | number)[] | null;
  readonly required: boolean;
}

export interface DashboardSpec {
  readonly key: DashboardKey;
  readonly name: string;
  readonly description: string;
  readonly collection: CollectionKey;
  readonly cards: readonly { readonly question: DesiredQuestion; readonly size: CardSize }[];
  /** Candidate filters; a filter no card has a tag for is left out. */
  readonly parameters: readonly ParameterSpec[];
}

const sections: Readonly<Record<ParameterType, DashboardParameter['sectionId']>> = {
  'string/=': 'string',
  'number/=': 'number',
  'date/all-options': 'date',
};

function mappingTarget(tag: TemplateTag): MappingTarget {
  return tag.type === 'dimension'
    ? ['dimension', ['template-tag', tag.name]]
    : ['variable', ['template-tag', tag.name]];
}

export function buildDashboard(spec: DashboardSpec): DesiredDashboard {
  const used = spec.parameters.filter((p) =>
    spec.cards.some((c) => c.question.templateTags.some((t) => t.name === p.slug)),
  );
  const parameters: DashboardParameter[] = used.map((p) => ({
    id: parameterId(spec.key, p.slug),
    name: p.name,
    slug: p.slug,
    type: p.type,
    sectionId: sections[p.type],
    default: p.default,
    required: p.required,
  }));
  const placements = placeCards(spec.cards.map((c) => c.size));
  const dashcards = spec.cards.map((card, i) => {
    const place = placements[i];
    if (place === undefined) throw new Error('placeCards returned fewer placements than cards');
    const mappings = parameters.flatMap((p) => {
      const tag = card.question.templateTags.find((t) => t.name === p.slug);
      return tag === undefined ? [] : [{ parameterId: p.id, target: mappingTarget(tag) }];
    });
    return {
      question: card.question.key,
      row: place.row,
      col: place.col,
      sizeX: place.sizeX,
      sizeY: place.sizeY,
      parameterMappings: mappings,
    };
  });
  return {
    key: spec.key,
    name: spec.name,
    description: spec.description,
    collection: spec.collection,
    parameters,
    dashcards,
  };
}
