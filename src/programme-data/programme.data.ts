import { UnRegion } from '../catalogue/catalogue.enums';

/**
 * The programme of the Secretariat's project sheet ("Technical assistance programme ... delivery of capacity
 * building programmes"). Illustrative seed data, editable afterwards: not a claim of the official list.
 */
export const MODULES = [
  {
    code: 'NIP',
    title: 'Updating and reviewing National Implementation Plans',
    summary:
      'How to review and update a National Implementation Plan under Article 7, including the chemicals listed as ' +
      'new POPs, using the Secretariat guidance for updating NIPs.',
    learningObjectives: [
      'Explain the obligations of Article 7 and the triggers for reviewing and updating a NIP',
      'Plan an inventory of newly listed POPs with the relevant guidance',
      'Set national priorities, action plans and cost estimates for a NIP update',
      'Organise stakeholder consultation and transmit the updated NIP to the Conference of the Parties',
    ],
    passMark: 70,
  },
  {
    code: 'REPORTING',
    title: 'National reporting under Article 15',
    summary:
      'Preparing and submitting complete national reports through the electronic reporting system, with data on ' +
      'production, use, import and export of POPs and on the measures taken.',
    learningObjectives: [
      'Describe the reporting obligations and cycle under Article 15',
      'Collect and validate the data needed for each section of the report',
      'Use the electronic reporting system to draft, review and submit a report',
    ],
    passMark: 70,
  },
  {
    code: 'BAT_BEP',
    title: 'Best available techniques and best environmental practices for unintentionally produced POPs',
    summary:
      'Applying the BAT/BEP guidelines and the Toolkit for identification and quantification of releases of ' +
      'unintentionally produced POPs (dioxins, furans, PCB, HCB, PeCB) under Article 5 and Annex C.',
    learningObjectives: [
      'Identify the source categories of Annex C in a national context',
      'Estimate releases with the Toolkit and build a release inventory',
      'Select BAT and BEP measures for priority source categories',
    ],
    passMark: 70,
  },
  {
    code: 'COORDINATION',
    title: 'National coordination and collaboration mechanisms for managing hazardous chemicals',
    summary:
      'Setting up national coordination across ministries and stakeholders, and cooperation with the Basel and ' +
      'Rotterdam Conventions, for the sound management of hazardous chemicals and wastes.',
    learningObjectives: [
      'Map the national institutions responsible for chemicals and wastes',
      'Design a national coordination mechanism with clear mandates',
      'Use synergies among the Basel, Rotterdam and Stockholm Conventions',
    ],
    passMark: 70,
  },
] as const;

export const CENTRES = [
  { key: 'RECETOX', name: 'RECETOX, Masaryk University', city: 'Brno', countryCode: 'CZE' },
  {
    key: 'CETESB',
    name: 'CETESB – Environmental Company of the State of São Paulo',
    city: 'São Paulo',
    countryCode: 'BRA',
  },
  {
    key: 'MONTEVIDEO',
    name: 'Regional Centre for Latin America and the Caribbean (Montevideo)',
    city: 'Montevideo',
    countryCode: 'URY',
  },
  { key: 'BEIJING', name: 'Regional Centre for Asia and the Pacific (Beijing)', city: 'Beijing', countryCode: 'CHN' },
  { key: 'JAKARTA', name: 'Regional Centre for South-East Asia (Jakarta)', city: 'Jakarta', countryCode: 'IDN' },
  {
    key: 'PANAMA',
    name: 'Regional Centre for Central America and Mexico (Panama City)',
    city: 'Panama City',
    countryCode: 'PAN',
  },
  {
    key: 'PRETORIA',
    name: 'Regional Centre for the English-speaking African countries (Pretoria)',
    city: 'Pretoria',
    countryCode: 'ZAF',
  },
  {
    key: 'BARCELONA',
    name: 'Regional Activity Centre for Sustainable Consumption and Production (Barcelona)',
    city: 'Barcelona',
    countryCode: 'ESP',
  },
  {
    key: 'DAKAR',
    name: 'Regional Centre for the French-speaking African countries (Dakar)',
    city: 'Dakar',
    countryCode: 'SEN',
  },
  {
    key: 'MOSCOW',
    name: 'Regional Centre for the Russian-speaking countries (Moscow)',
    city: 'Moscow',
    countryCode: 'RUS',
  },
  { key: 'KUWAIT', name: 'Regional Centre for West Asia (Kuwait City)', city: 'Kuwait City', countryCode: 'KWT' },
  { key: 'TEHRAN', name: 'Regional Centre for Asia (Tehran)', city: 'Tehran', countryCode: 'IRN' },
] as const;

type CentreKey = (typeof CENTRES)[number]['key'];
type ModuleCode = (typeof MODULES)[number]['code'];

/** Ten regional workshops, two per UN region, each 93,000 USD (930,000 in all, the sheet's line). */
export const WORKSHOPS: {
  region: UnRegion;
  centre: CentreKey;
  venue: string;
  timeZone: string;
  modules: ModuleCode[];
  prerequisites: ModuleCode[];
  language: 'EN' | 'FR' | 'ES' | 'RU' | 'AR' | 'ZH';
}[] = [
  {
    region: UnRegion.AFRICA,
    centre: 'PRETORIA',
    venue: 'CSIR International Convention Centre, Pretoria',
    timeZone: 'Africa/Johannesburg',
    modules: ['NIP', 'REPORTING'],
    prerequisites: ['NIP'],
    language: 'EN',
  },
  {
    region: UnRegion.AFRICA,
    centre: 'DAKAR',
    venue: 'Centre international de conférences Abdou Diouf, Dakar',
    timeZone: 'Africa/Dakar',
    modules: ['BAT_BEP', 'COORDINATION'],
    prerequisites: ['BAT_BEP'],
    language: 'FR',
  },
  {
    region: UnRegion.ASIA_PACIFIC,
    centre: 'BEIJING',
    venue: 'Tsinghua University, Beijing',
    timeZone: 'Asia/Shanghai',
    modules: ['NIP', 'REPORTING'],
    prerequisites: ['NIP'],
    language: 'EN',
  },
  {
    region: UnRegion.ASIA_PACIFIC,
    centre: 'JAKARTA',
    venue: 'Ministry of Environment and Forestry, Jakarta',
    timeZone: 'Asia/Jakarta',
    modules: ['BAT_BEP', 'COORDINATION'],
    prerequisites: ['BAT_BEP'],
    language: 'EN',
  },
  {
    region: UnRegion.CENTRAL_EASTERN_EUROPE,
    centre: 'RECETOX',
    venue: 'RECETOX, Kamenice 753/5, Brno',
    timeZone: 'Europe/Prague',
    modules: ['NIP', 'REPORTING'],
    prerequisites: ['NIP'],
    language: 'EN',
  },
  {
    region: UnRegion.CENTRAL_EASTERN_EUROPE,
    centre: 'MOSCOW',
    venue: 'Regional Centre premises, Moscow',
    timeZone: 'Europe/Moscow',
    modules: ['BAT_BEP', 'COORDINATION'],
    prerequisites: ['BAT_BEP'],
    language: 'RU',
  },
  {
    region: UnRegion.LATIN_AMERICA_CARIBBEAN,
    centre: 'CETESB',
    venue: 'CETESB headquarters, São Paulo',
    timeZone: 'America/Sao_Paulo',
    modules: ['NIP', 'REPORTING'],
    prerequisites: ['NIP'],
    language: 'ES',
  },
  {
    region: UnRegion.LATIN_AMERICA_CARIBBEAN,
    centre: 'PANAMA',
    venue: 'Ciudad del Saber, Panama City',
    timeZone: 'America/Panama',
    modules: ['BAT_BEP', 'COORDINATION'],
    prerequisites: ['BAT_BEP'],
    language: 'ES',
  },
  {
    region: UnRegion.WESTERN_EUROPE_OTHERS,
    centre: 'BARCELONA',
    venue: 'Regional Activity Centre, Barcelona',
    timeZone: 'Europe/Madrid',
    modules: ['NIP', 'REPORTING'],
    prerequisites: ['NIP'],
    language: 'EN',
  },
  {
    region: UnRegion.WESTERN_EUROPE_OTHERS,
    centre: 'BARCELONA',
    venue: 'Regional Activity Centre, Barcelona',
    timeZone: 'Europe/Madrid',
    modules: ['BAT_BEP', 'COORDINATION'],
    prerequisites: ['BAT_BEP'],
    language: 'EN',
  },
];

export const WORKSHOP_PLANNED_COST_USD = 93_000;

export const BUDGET_LINES = [
  { component: 'Overall coordination of the capacity-building programme', plannedUsd: 20_000 },
  { component: 'Development of training materials/tools', plannedUsd: 50_000 },
  { component: 'Regional workshops (10)', plannedUsd: 930_000 },
] as const;

export const COFUNDING_PLEDGED = { donor: 'Cofunding (pledged, project sheet)', amountUsd: 362_562 };
export const COP_APPROVED_USD = 1_190_000;
