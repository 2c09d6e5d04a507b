/**
 * Taiyuan's recommending jurisdictions (Art. 5, 16, 18 (3)): the county-level divisions, the
 * development zones' management committees and the city's competent departments. The `id` is what
 * applications carry in `jurisdiction` and recommenders carry in their `jurisdiction` claim; for a
 * district, county or county-level city it is its administrative-division code (GB/T 2260).
 */

export const JURISDICTION_KINDS = [
  'district',
  'county',
  'county-level-city',
  'development-zone',
  'department',
] as const;
export type JurisdictionKind = (typeof JURISDICTION_KINDS)[number];

export interface Jurisdiction {
  id: string;
  name: string;
  kind: JurisdictionKind;
  /** Only divisions have one; zones and departments do not appear in credit codes. */
  divisionCode?: string;
}

export const JURISDICTIONS: readonly Jurisdiction[] = [
  { id: '140105', name: '小店区', kind: 'district', divisionCode: '140105' },
  { id: '140106', name: '迎泽区', kind: 'district', divisionCode: '140106' },
  { id: '140107', name: '杏花岭区', kind: 'district', divisionCode: '140107' },
  { id: '140108', name: '尖草坪区', kind: 'district', divisionCode: '140108' },
  { id: '140109', name: '万柏林区', kind: 'district', divisionCode: '140109' },
  { id: '140110', name: '晋源区', kind: 'district', divisionCode: '140110' },
  { id: '140121', name: '清徐县', kind: 'county', divisionCode: '140121' },
  { id: '140122', name: '阳曲县', kind: 'county', divisionCode: '140122' },
  { id: '140123', name: '娄烦县', kind: 'county', divisionCode: '140123' },
  { id: '140181', name: '古交市', kind: 'county-level-city', divisionCode: '140181' },
  // Art. 5: development-zone management committees recommend too; their enterprises' credit codes
  // carry the code of the division the zone lies in, so the zones have no division code here.
  { id: 'zone-transformation', name: '山西转型综合改革示范区管理委员会', kind: 'development-zone' },
  { id: 'zone-stainless-steel', name: '太原不锈钢产业园区管理委员会', kind: 'development-zone' },
  // Art. 16: the city's competent departments recommend within their trade.
  { id: 'dept-market-regulation', name: '太原市市场监督管理局', kind: 'department' },
  { id: 'dept-industry-it', name: '太原市工业和信息化局', kind: 'department' },
  { id: 'dept-housing-construction', name: '太原市住房和城乡建设局', kind: 'department' },
  { id: 'dept-commerce', name: '太原市商务局', kind: 'department' },
];

/** The city-level code: enterprises registered with a city-level authority carry it. */
const CITY_DIVISION = { code: '140100', name: '太原市' } as const;

/** The jurisdiction with this id, or undefined. */
export const findJurisdiction = (id: string): Jurisdiction | undefined =>
  JURISDICTIONS.find((j) => j.id === id);

/** The Chinese name of a Taiyuan administrative-division code (`太原市` for 140100), or undefined. */
export function divisionName(divisionCode: string): string | undefined {
  if (divisionCode === CITY_DIVISION.code) return CITY_DIVISION.name;
  return JURISDICTIONS.find((j) => j.divisionCode === divisionCode)?.name;
}
