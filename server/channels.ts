import type { ChannelCode } from '../common/domain'
import type { ChannelAdapter } from './modules/channels/channel'
import { emailAdapter } from './modules/intake/email/email.outbound'
import { posAdapter } from './modules/intake/pos/pos.adapter'
import { telegramAdapter } from './modules/intake/telegram/telegram.adapter'
import { vkAdapter } from './modules/intake/vk/vk.adapter'

/**
 * Every channel's outbound adapter by channel code. A channel module adds its adapter here; channels
 * without one (phone, paper, web form, imports) publish answers on the citizen's tracking page.
 */
export const CHANNEL_ADAPTERS: Partial<Record<ChannelCode, ChannelAdapter>> = {
  pos: posAdapter,
  email: emailAdapter,
  telegram: telegramAdapter,
  vk: vkAdapter,
}
