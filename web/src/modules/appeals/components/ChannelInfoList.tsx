import { Fragment } from 'react'
import type { ChannelInfoItem } from '../api/types'

/** What the channel told us about the appeal, as the server chose it (never personal data). */
export function ChannelInfoList({ items }: { items: ChannelInfoItem[] }) {
  return (
    <dl className="facts">
      {items.map((item) => (
        <Fragment key={item.label}>
          <dt>{item.label}</dt>
          <dd>
            {item.href ? (
              <a href={item.href} target="_blank" rel="noopener noreferrer">
                {item.value}
              </a>
            ) : (
              item.value
            )}
          </dd>
        </Fragment>
      ))}
    </dl>
  )
}
