import { giftFactory, levelFactory, questFactory } from './gamification.js';
import { discountRedemptionFactory, paymentFactory } from './payments.js';
import { discountCodeFactory, planFactory, renderPriceRateFactory } from './plans.js';
import { userQuestProgressFactory, userXpFactory, xpEventFactory } from './progress.js';
import { earnedGiftFactory, referralFactory } from './rewards.js';
import { userPlanFactory } from './user-plans.js';
import { walletTransactionFactory } from './wallet.js';

/** Billing (migration 03) and gamification (migration 04) factories of schema identity; see ../registry.ts. */
export const identityBillingFactories = {
  plan: planFactory,
  renderPriceRate: renderPriceRateFactory,
  discountCode: discountCodeFactory,
  payment: paymentFactory,
  userPlan: userPlanFactory,
  discountRedemption: discountRedemptionFactory,
  walletTransaction: walletTransactionFactory,
  gift: giftFactory,
  level: levelFactory,
  quest: questFactory,
  userQuestProgress: userQuestProgressFactory,
  userXp: userXpFactory,
  xpEvent: xpEventFactory,
  earnedGift: earnedGiftFactory,
  referral: referralFactory,
} as const;
