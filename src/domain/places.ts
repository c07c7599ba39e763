import type { Random } from './random.js';

/**
 * Where FlatRender's users are: Iranian cities, the ISPs their requests come through (with
 * address blocks routed in Iran), mobile numbers and the e-mail providers Iranians use. One list
 * each for both engines: a client IP, a phone number or an e-mail domain always comes from here.
 */

/** A city users sign up from: Persian and Latin name, province, and its share of users. */
export interface City {
  readonly name: string;
  readonly nameEn: string;
  readonly province: string;
  readonly weight: number;
}

/** Iran's big cities, weighted roughly by their share of online businesses (Tehran dominates). */
export const CITIES: readonly City[] = [
  { name: 'تهران', nameEn: 'Tehran', province: 'تهران', weight: 38 },
  { name: 'مشهد', nameEn: 'Mashhad', province: 'خراسان رضوی', weight: 9 },
  { name: 'اصفهان', nameEn: 'Isfahan', province: 'اصفهان', weight: 8 },
  { name: 'شیراز', nameEn: 'Shiraz', province: 'فارس', weight: 7 },
  { name: 'تبریز', nameEn: 'Tabriz', province: 'آذربایجان شرقی', weight: 6 },
  { name: 'کرج', nameEn: 'Karaj', province: 'البرز', weight: 6 },
  { name: 'قم', nameEn: 'Qom', province: 'قم', weight: 3 },
  { name: 'اهواز', nameEn: 'Ahvaz', province: 'خوزستان', weight: 3 },
  { name: 'رشت', nameEn: 'Rasht', province: 'گیلان', weight: 3 },
  { name: 'کرمانشاه', nameEn: 'Kermanshah', province: 'کرمانشاه', weight: 2 },
  { name: 'یزد', nameEn: 'Yazd', province: 'یزد', weight: 2 },
  { name: 'کرمان', nameEn: 'Kerman', province: 'کرمان', weight: 2 },
  { name: 'ارومیه', nameEn: 'Urmia', province: 'آذربایجان غربی', weight: 2 },
  { name: 'ساری', nameEn: 'Sari', province: 'مازندران', weight: 2 },
  { name: 'همدان', nameEn: 'Hamadan', province: 'همدان', weight: 2 },
  { name: 'قزوین', nameEn: 'Qazvin', province: 'قزوین', weight: 1 },
  { name: 'زنجان', nameEn: 'Zanjan', province: 'زنجان', weight: 1 },
  { name: 'بندرعباس', nameEn: 'Bandar Abbas', province: 'هرمزگان', weight: 1 },
  { name: 'گرگان', nameEn: 'Gorgan', province: 'گلستان', weight: 1 },
  { name: 'کیش', nameEn: 'Kish', province: 'هرمزگان', weight: 1 },
];

/** An internet provider and the first two octets of address blocks it routes in Iran. */
export interface Isp {
  readonly name: string;
  readonly nameEn: string;
  readonly prefixes: readonly string[];
  /** Share of consumer traffic (0 for pure hosting providers). */
  readonly weight: number;
  /** Sells servers: resellers' API calls come from these. */
  readonly hosting: boolean;
}

export const ISPS: readonly Isp[] = [
  {
    name: 'ایرانسل',
    nameEn: 'MTN Irancell',
    prefixes: ['5.112', '5.113', '5.115', '5.119', '151.232', '151.233', '151.235'],
    weight: 28,
    hosting: false,
  },
  {
    name: 'همراه اول',
    nameEn: 'MCI (Hamrah-e Aval)',
    prefixes: ['5.116', '5.117', '37.129', '83.123', '113.203'],
    weight: 24,
    hosting: false,
  },
  {
    name: 'مخابرات ایران',
    nameEn: 'TCI',
    prefixes: ['2.176', '2.177', '2.180', '2.182', '78.38', '78.39', '91.98', '217.218', '217.219'],
    weight: 16,
    hosting: false,
  },
  {
    name: 'شاتل',
    nameEn: 'Shatel',
    prefixes: ['5.198', '37.255', '85.185', '89.165', '94.182'],
    weight: 9,
    hosting: false,
  },
  {
    name: 'پارس‌آنلاین',
    nameEn: 'Pars Online',
    prefixes: ['46.100', '79.127', '80.191', '188.229'],
    weight: 7,
    hosting: true,
  },
  {
    name: 'آسیاتک',
    nameEn: 'Asiatech',
    prefixes: ['31.2', '185.112', '185.4', '94.232'],
    weight: 5,
    hosting: true,
  },
  { name: 'رایتل', nameEn: 'Rightel', prefixes: ['5.200', '93.115'], weight: 4, hosting: false },
  { name: 'مبین‌نت', nameEn: 'Mobinnet', prefixes: ['37.32', '46.209'], weight: 3, hosting: false },
  { name: 'افرانت', nameEn: 'Afranet', prefixes: ['79.175', '188.121'], weight: 2, hosting: true },
  { name: 'پارس‌پک', nameEn: 'ParsPack', prefixes: ['185.208', '185.8'], weight: 0, hosting: true },
  { name: 'ابرآروان', nameEn: 'ArvanCloud', prefixes: ['185.143', '94.101'], weight: 0, hosting: true },
];

/** The data centres render nodes and servers are hosted in. */
export const DATACENTERS: readonly string[] = ISPS.filter((i) => i.hosting).map((i) => i.nameEn);

const CONSUMER_ISPS = ISPS.filter((i) => i.weight > 0).map((i) => [i, i.weight] as const);
const HOSTING_ISPS = ISPS.filter((i) => i.hosting);

/** An ISP a person connects through, by market share. */
export function pickIsp(rng: Random): Isp {
  return rng.weighted(CONSUMER_ISPS);
}

/** An address of `isp` (a consumer ISP by share when none is given): `5.112.37.201`. */
export function iranianIp(rng: Random, isp: Isp = pickIsp(rng)): string {
  return `${rng.pick(isp.prefixes)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** A server address in an Iranian data centre (resellers' backends calling the API). */
export function serverIp(rng: Random): string {
  return iranianIp(rng, rng.pick(HOSTING_ISPS));
}

/** Iranian mobile operator prefixes after +98 9 (MCI 91x/990–994, Irancell 90x/93x, Rightel 92x). */
export const MOBILE_PREFIXES: readonly string[] = [
  '10',
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '01',
  '02',
  '03',
  '05',
  '30',
  '33',
  '35',
  '36',
  '37',
  '38',
  '39',
  '20',
  '21',
  '22',
  '90',
  '91',
  '92',
  '93',
  '94',
];

/** An Iranian mobile number in E.164 (`+989121234567`); `subscriber` fixes the last 7 digits. */
export function iranianMobile(rng: Random, subscriber?: number): string {
  const digits = subscriber ?? rng.int(0, 9_999_999);
  return `+989${rng.pick(MOBILE_PREFIXES)}${String(digits % 10_000_000).padStart(7, '0')}`;
}

/** A Tehran landline (offices, support lines): `+9821` and 8 digits. */
export function tehranLandline(rng: Random): string {
  return `+9821${rng.int(22_000_000, 88_999_999)}`;
}

/** E-mail providers Iranians use, weighted (Gmail first; chmail and mail.ir are Iranian). */
export const EMAIL_DOMAINS: readonly (readonly [domain: string, weight: number])[] = [
  ['gmail.com', 62],
  ['yahoo.com', 14],
  ['outlook.com', 6],
  ['chmail.ir', 7],
  ['mail.ir', 3],
  ['hotmail.com', 4],
  ['proton.me', 2],
  ['icloud.com', 2],
];

/** A personal e-mail provider by share. */
export function emailDomain(rng: Random): string {
  return rng.weighted(EMAIL_DOMAINS);
}
