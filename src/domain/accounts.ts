/**
 * How people sign up and sign in to FlatRender: registration modes and how common each is (in
 * Iran mostly a mobile number with an OTP), the devices a sign-in shows, and why accounts get
 * banned.
 */

export type RegisterMode = 'Mobile' | 'Email' | 'Google' | 'Telegram';

/** How users register, by share: mobile OTP first. */
export const REGISTER_MODE_WEIGHTS: readonly (readonly [RegisterMode, number])[] = [
  ['Mobile', 70],
  ['Email', 15],
  ['Google', 10],
  ['Telegram', 5],
];

/** A browser user agent and the Persian label a sign-in notification shows for it. */
export const SIGN_IN_DEVICES: readonly (readonly [userAgent: string, label: string])[] = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Safari/537.36',
    'Chrome روی ویندوز',
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Mobile Safari/537.36',
    'Chrome روی گوشی سامسونگ',
  ],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Gecko/20100101 Firefox/126.0', 'Firefox روی مک'],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'Safari روی آیفون',
  ],
  ['FlatRender/3.2.0 (Android 13; Xiaomi Redmi Note 12)', 'اپلیکیشن اندروید'],
];

/** Why a user was banned (shown to support). */
export const BAN_REASON = 'نقض قوانین استفاده';
