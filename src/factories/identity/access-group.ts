import { mfaFactorFactory, otpCodeFactory, userSessionFactory } from './auth.js';
import { tenantInvitationFactory } from './invitations.js';
import { oauthConfigFactory } from './oauth.js';
import { pushSubscriptionFactory } from './push-subscriptions.js';
import { tenantApiKeyFactory, tenantWebhookDeliveryFactory, tenantWebhookFactory } from './reseller-api.js';
import { tenantApiRequestLogFactory, tenantUsageDailyFactory } from './usage.js';

/** Identity access: the Reseller API (keys, webhooks, metering) and sign-in (sessions, MFA, OTP, push, invitations, OAuth). */
export const identityAccessFactories = {
  tenantApiKey: tenantApiKeyFactory,
  tenantWebhook: tenantWebhookFactory,
  tenantWebhookDelivery: tenantWebhookDeliveryFactory,
  tenantUsageDaily: tenantUsageDailyFactory,
  tenantApiRequestLog: tenantApiRequestLogFactory,
  userSession: userSessionFactory,
  mfaFactor: mfaFactorFactory,
  pushSubscription: pushSubscriptionFactory,
  otpCode: otpCodeFactory,
  tenantInvitation: tenantInvitationFactory,
  oauthConfig: oauthConfigFactory,
} as const;
