import type { ChannelAdapter } from '../../channels/channel'
import { parseVkWallUrl } from '../incidents/incident-url'
import { callVk } from './vk.api'

/**
 * Outbound side of VK. With VECHE_VK_REPLY=true an approved answer is posted as a reply comment to the
 * citizen's comment (wall.createComment with reply_to_comment, on behalf of the community), only on the
 * pages this installation watches (VECHE_VK_OWNER_IDS). The answer id goes to VK as `guid`, so a retried
 * job does not post twice. Otherwise nothing is sent: the answer is on the tracking page, and the МЦУ
 * operator answers in VK by hand. Status changes are not posted (no sendStatus): a public comment per
 * status change would be noise on the city's page.
 */
export const vkAdapter: ChannelAdapter = {
  code: 'vk',
  async sendAnswer(ctx, msg) {
    if (!ctx.env.VECHE_VK_REPLY || !ctx.env.VECHE_VK_TOKEN) return false
    const ref = parseVkWallUrl(msg.appeal.externalId)
    if (!ref || !ctx.env.VECHE_VK_OWNER_IDS.includes(ref.ownerId)) return false
    await callVk(ctx.env, 'wall.createComment', {
      owner_id: ref.ownerId,
      post_id: ref.postId,
      reply_to_comment: ref.commentId ?? undefined,
      from_group: ref.ownerId < 0 ? -ref.ownerId : undefined,
      message: `${msg.answer.text.trim()}\n\nОбращение № ${msg.appeal.regNumber}`,
      guid: `veche-answer-${msg.answer.id}`,
    })
    return true
  },
}
