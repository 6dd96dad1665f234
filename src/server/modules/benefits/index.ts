// Delivery of entitlements (待遇发放): notify → confirm → payment batch (four eyes) → bank file →
// reconciliation. Other modules and the CLI import only this file.
export { benefitsRoutes } from './benefits.routes.js';
export { canTransition, nextStatuses, STATUS_LABELS, TRANSITIONS, transitionEntitlement, transitionEntitlements, type Mover, type TransitionRequest } from './entitlement-state.js';
export {
  channelsFromConfig,
  dispatchNotifications,
  enqueueRunNotifications,
  inboxChannel,
  outboxChannelNames,
  renderNotification,
  runNotificationHook,
  signWebhook,
  startNotificationDispatcher,
  TEMPLATES,
  verifyWebhookSignature,
  webhookChannel,
  type DispatchResult,
  type NotificationChannel,
  type NotificationPayload,
  type NotificationTemplate,
  type OutboxNotification,
} from './notifications.js';
export { buildBankFile, lineReference, parseResultFile } from './bank-file.js';
