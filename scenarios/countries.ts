/**
 * Public facts per country the generator may place a tenant, user or other party in:
 * names, calling codes, rates and the number ranges reserved for fiction
 * (../shared/data-reference.md §1, §4). Only countries with published fiction ranges are
 * here, so generated numbers never land in a block real subscribers may hold.
 */

/** A run of fictional numbers: `prefix` (E.164, with +) followed by `digits` digits, 0…count−1. */
export interface NumberBlock {
  readonly prefix: string;
  readonly digits: number;
  readonly count: number;
}

export interface CountryFacts {
  readonly code: string;
  readonly name: string;
  /** Faker locale id for names of people who live there. */
  readonly locale: 'en_US' | 'en_CA' | 'en_GB' | 'de' | 'fr' | 'en_AU';
  /** Outbound landline rate, USD per minute (ACS, Microsoft as carrier). */
  readonly landlineRateUsd: number;
  /** Rate for a minute into a toll-free number, USD (ACS); undefined where none is published. */
  readonly tollFreeRateUsd: number | undefined;
  readonly geographic: readonly NumberBlock[];
  readonly tollFree: readonly NumberBlock[];
}

/** NANP numbers 555-0100…0199 are fictional in every area code. */
function nanp(areaCodes: readonly number[]): NumberBlock[] {
  return areaCodes.map((npa) => ({ prefix: `+1${npa}55501`, digits: 2, count: 100 }));
}

/** Ofcom drama blocks of 1000: national number = area + local prefix + 3 digits. */
function ofcom(nationalPrefixes: readonly string[]): NumberBlock[] {
  return nationalPrefixes.map((p) => ({ prefix: `+44${p}`, digits: 3, count: 1000 }));
}

const US_AREA_CODES = [
  201, 202, 203, 205, 206, 207, 208, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228,
  229, 231, 234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 276, 281, 301,
  302, 303, 304, 305, 307, 308, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320, 321, 323,
  330, 334, 336, 337, 339, 347, 351, 352, 360, 361, 385, 386, 401, 402, 404, 405, 406, 407, 408,
  409, 410, 412, 413, 414, 415, 417, 419, 423, 424, 425, 430, 432, 434, 435, 440, 443, 469, 470,
  475, 478, 479, 480, 484, 501, 502, 503, 504, 505, 507, 508, 509, 510, 512, 513, 515, 516, 517,
  518, 520, 530, 540, 541, 551, 559, 561, 562, 563, 567, 570, 571, 573, 574, 580, 585, 586, 601,
  602, 603, 605, 606, 607, 608, 609, 610, 612, 614, 615, 616, 617, 618, 619, 620, 623, 626, 630,
  631, 636, 641, 646, 650, 651, 660, 661, 662, 678, 682, 701, 702, 703, 704, 706, 707, 708, 712,
  713, 714, 715, 716, 717, 718, 719, 720, 724, 727, 731, 732, 734, 740, 754, 757, 760, 763, 765,
  770, 772, 773, 774, 775, 781, 785, 786, 801, 802, 803, 804, 805, 806, 808, 810, 812, 813, 814,
  815, 816, 817, 818, 828, 830, 831, 832, 843, 845, 847, 848, 850, 856, 857, 858, 859, 860, 862,
  863, 864, 865, 870, 878, 901, 903, 904, 906, 907, 908, 909, 910, 912, 913, 914, 915, 916, 917,
  918, 919, 920, 925, 928, 931, 936, 937, 940, 941, 947, 949, 951, 952, 954, 956, 970, 971, 972,
  973, 978, 979, 980, 985, 989,
];
const US_TOLL_FREE_CODES = [800, 833, 844, 855, 866, 877, 888];
const CA_AREA_CODES = [
  204, 226, 236, 250, 289, 306, 343, 365, 403, 416, 418, 431, 437, 438, 450, 506, 514, 519, 548,
  579, 581, 587, 604, 613, 639, 647, 705, 709, 778, 780, 782, 807, 819, 825, 867, 873, 902, 905,
];

export const COUNTRIES: Readonly<Record<string, CountryFacts>> = {
  US: {
    code: 'US',
    name: 'United States',
    locale: 'en_US',
    landlineRateUsd: 0.013,
    tollFreeRateUsd: 0.022,
    geographic: nanp(US_AREA_CODES),
    tollFree: nanp(US_TOLL_FREE_CODES),
  },
  CA: {
    code: 'CA',
    name: 'Canada',
    locale: 'en_CA',
    landlineRateUsd: 0.013,
    tollFreeRateUsd: 0.022,
    geographic: nanp(CA_AREA_CODES),
    tollFree: [],
  },
  GB: {
    code: 'GB',
    name: 'United Kingdom',
    locale: 'en_GB',
    landlineRateUsd: 0.015,
    tollFreeRateUsd: 0.029,
    geographic: ofcom([
      '1134960',
      '1144960',
      '1154960',
      '1164960',
      '1174960',
      '1184960',
      '1214960',
      '1314960',
      '1414960',
      '1514960',
      '1614960',
      '2079460',
      '1914980',
      '2890180',
      '2920180',
      '3069990',
    ]),
    tollFree: ofcom(['8081570']),
  },
  DE: {
    code: 'DE',
    name: 'Germany',
    locale: 'de',
    landlineRateUsd: 0.015,
    tollFreeRateUsd: 0.175,
    geographic: ['3023125', '6990009', '4066969', '2214710', '8999998'].map((p) => ({
      prefix: `+49${p}`,
      digits: 3,
      count: 1000,
    })),
    tollFree: [],
  },
  FR: {
    code: 'FR',
    name: 'France',
    locale: 'fr',
    landlineRateUsd: 0.016,
    tollFreeRateUsd: undefined,
    geographic: ['19900', '26191', '35301', '46571', '53649'].map((p) => ({
      prefix: `+33${p}`,
      digits: 4,
      count: 10000,
    })),
    tollFree: [],
  },
  AU: {
    code: 'AU',
    name: 'Australia',
    locale: 'en_AU',
    landlineRateUsd: 0.024,
    tollFreeRateUsd: 0.175,
    geographic: ['25550', '35550', '75550', '85550', '27010', '37010', '77010', '87010'].map(
      (p) => ({ prefix: `+61${p}`, digits: 4, count: 10000 }),
    ),
    tollFree: ['1800160401', '1800975707'].map((n) => ({ prefix: `+61${n}`, digits: 0, count: 1 })),
  },
};

/** E.164 country calling codes of the countries above (+1 is shared by the US and Canada). */
export const CALLING_CODES: Readonly<Record<string, string>> = {
  US: '+1',
  CA: '+1',
  GB: '+44',
  DE: '+49',
  FR: '+33',
  AU: '+61',
};

/** Units of each currency per US dollar (estimates; rates are published in USD only). */
export const USD_EXCHANGE: Readonly<Record<string, number>> = {
  USD: 1,
  CAD: 1.37,
  GBP: 0.79,
  EUR: 0.92,
  AUD: 1.52,
};

/** Audio Conferencing dial-out Zone A (data reference §1), for the countries above. */
export const ZONE_A: ReadonlySet<string> = new Set(['US', 'CA', 'GB', 'DE', 'FR', 'AU']);

export function countryFacts(code: string): CountryFacts {
  const facts = COUNTRIES[code];
  if (!facts) throw new Error(`No number ranges are known for country '${code}'`);
  return facts;
}

/** The `index`-th number of a block, zero-padded to its digits. */
export function blockNumber(block: NumberBlock, index: number): string {
  return block.digits === 0
    ? block.prefix
    : block.prefix + String(index).padStart(block.digits, '0');
}

export function blockNumbers(block: NumberBlock): string[] {
  return Array.from({ length: block.count }, (_, i) => blockNumber(block, i));
}
