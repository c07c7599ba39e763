import type { Faker } from '@faker-js/faker';
import { SIGN_IN_DEVICES } from '../../domain/accounts.js';
import type { Random } from '../../domain/random.js';

const PROJECT_TITLES = ['تیزر تبلیغاتی نوروز', 'معرفی محصول جدید', 'اینترو کانال یوتیوب', 'تبریک شب یلدا'];
const PLANS = ['پایه', 'حرفه‌ای', 'تجاری'];
const QUESTS = ['اولین رندر', 'ساخت ۵ ویدیو', 'دعوت از یک دوست'];
const GIFTS = ['۶۰ ثانیه رندر رایگان', '۵۰٬۰۰۰ تومان اعتبار', 'یک ماه پلن حرفه‌ای'];
const DEVICES = SIGN_IN_DEVICES.map(([, label]) => label);

/** The values a type's placeholders are filled with (also kept in notifications.data). */
export function sampleValues(rng: Random, fa: Faker): Record<string, string | number> {
  return {
    project_title: rng.pick(PROJECT_TITLES),
    percent: rng.pick([25, 50, 75, 85, 90, 95]),
    plan_name: rng.pick(PLANS),
    days: rng.pick([1, 3, 7]),
    amount: new Intl.NumberFormat('fa-IR').format(rng.pick([99_000, 249_000, 490_000])),
    ref: String(rng.int(100_000_000, 999_999_999)),
    gift: rng.pick(GIFTS),
    quest: rng.pick(QUESTS),
    level: rng.int(2, 20),
    device: rng.pick(DEVICES),
    inviter: `${fa.person.firstName()} ${fa.person.lastName()}`,
    tenant_name: fa.company.name(),
    code: `NOWRUZ${rng.int(10, 99)}`,
  };
}
