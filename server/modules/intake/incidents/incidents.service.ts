import { and, eq, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../../platform/db'
import { AppError } from '../../../platform/errors'
import { type ActorRef, registerAppeal } from '../../appeals/appeals.service'
import { appeals } from '../../appeals/appeals.tables'
import { assessNoise, type NoiseVerdict } from '../../understanding/noise'
import { platformOfUrl } from './incident-url'
import type { Incident, IncidentResult } from './incidents.schemas'

/** What an incident keeps in appeal.meta.incident. */
export interface IncidentMeta {
  platform: string
  url: string
  publicPageUrl: string
  authorHandle: string | null
  authorName: string | null
  publishedAt: string
  /** How many reposts of this post were seen, and their canonical URLs (each counted once). */
  reposts: number
  repostUrls: string[]
  /** Set when the appeal was registered from a repost that arrived before the original. */
  registeredFromRepost?: string
}

export const REVIEW_STATUS = 'moderation'

async function findByExternalId(tx: Tx, channel: string, externalId: string) {
  const [row] = await tx
    .select({ id: appeals.id, regNumber: appeals.regNumber })
    .from(appeals)
    .where(and(eq(appeals.channel, channel), eq(appeals.externalId, externalId)))
  return row
}

/**
 * Counts a repost once on the original's appeal: appends its URL to meta.incident.repostUrls and
 * increments meta.incident.reposts — one UPDATE, so a replay (the URL is already there) changes nothing
 * and concurrent reposts do not lose counts. Returns whether it counted.
 */
async function countRepost(tx: Tx, appealId: number, repostUrl: string): Promise<boolean> {
  // The appeals module has no service to change meta; this is the one write intake makes to it.
  const url = sql`to_jsonb(${repostUrl}::text)`
  const urls = sql`coalesce(${appeals.meta}->'incident'->'repostUrls', '[]'::jsonb)`
  const rows = await tx
    .update(appeals)
    .set({
      meta: sql`${appeals.meta} || jsonb_build_object('incident',
        coalesce(${appeals.meta}->'incident', '{}'::jsonb) || jsonb_build_object(
          'reposts', coalesce((${appeals.meta}->'incident'->>'reposts')::int, 0) + 1,
          'repostUrls', ${urls} || jsonb_build_array(${url})))`,
    })
    .where(and(eq(appeals.id, appealId), sql`not ${urls} @> jsonb_build_array(${url})`))
    .returning({ id: appeals.id })
  return rows.length === 1
}

/**
 * Registers one incident exactly once (external id = the canonical URL, channel = the platform).
 * A repost (originalUrl) never becomes an appeal of its own: it is counted on the original's appeal,
 * which is registered from the repost when the original has not arrived yet. Noise goes to the review
 * status with its reasons (never lost). `extraMeta` carries connector data (e.g. VK ids).
 */
export async function registerIncident(
  tx: Tx,
  item: Incident,
  opts: {
    actor?: ActorRef
    extraMeta?: Record<string, unknown>
    now?: Date
    /** The noise verdict when the caller judged a different text (e.g. VK: the raw text, not the attachment note). */
    verdict?: NoiseVerdict
  } = {},
): Promise<IncidentResult> {
  const actor = opts.actor ?? { kind: 'system' }
  const now = opts.now ?? new Date()
  const channelOf = (url: string) => platformOfUrl(url) ?? item.platform
  const target = item.originalUrl ?? item.url

  if (item.originalUrl) {
    // Already registered as an appeal of its own (e.g. imported before its original was known): a replay.
    const own = await findByExternalId(tx, channelOf(item.url), item.url)
    if (own)
      return {
        url: item.url,
        regNumber: own.regNumber,
        created: false,
        duplicateOf: own.regNumber,
        review: false,
      }
  }

  const verdict = opts.verdict ?? assessNoise(item.text)
  const published = new Date(item.publishedAt)
  const incident: IncidentMeta = {
    platform: channelOf(target),
    url: target,
    publicPageUrl: item.publicPageUrl,
    authorHandle: item.authorHandle,
    authorName: item.authorName,
    publishedAt: published.toISOString(),
    reposts: 0,
    repostUrls: [],
    ...(item.originalUrl ? { registeredFromRepost: item.url } : {}),
  }
  const reg = await registerAppeal(
    tx,
    {
      regime: 'incident',
      channel: channelOf(target) as Incident['platform'],
      externalId: target,
      // Clocks differ: a post «published» a few seconds ahead of us is received now.
      receivedAt: (published.getTime() > now.getTime() ? now : published).toISOString(),
      registeredAt: now,
      text: item.text,
      addressText: item.address,
      lat: item.lat ?? null,
      lon: item.lon ?? null,
      applicants: [
        {
          fullName: item.authorName,
          handle: item.authorHandle,
          phone: null,
          email: null,
          postalAddress: null,
        },
      ],
      status: verdict.noise ? REVIEW_STATUS : undefined,
      meta: {
        incident,
        ...(verdict.noise ? { noise: { reasons: verdict.reasons, by: 'rules-v1' } } : {}),
        ...opts.extraMeta,
      },
    },
    actor,
  )
  if (item.originalUrl) await countRepost(tx, reg.id, item.url)
  return {
    url: item.url,
    regNumber: reg.regNumber,
    created: reg.created,
    ...(reg.created ? {} : { duplicateOf: reg.regNumber }),
    review: reg.created && verdict.noise,
  }
}

/** Registers a batch, each item in its own short transaction (the number counter is locked per registration). */
export async function registerIncidents(
  db: Db,
  items: Incident[],
  opts: { actor?: ActorRef } = {},
): Promise<IncidentResult[]> {
  const results: IncidentResult[] = []
  for (const item of items) {
    results.push(await db.transaction((tx) => registerIncident(tx, item, opts)))
  }
  return results
}

/** Thrown when the batch endpoint is called with a wrong bearer token. */
export const badToken = () => new AppError('UNAUTHENTICATED', 'Неверный токен выгрузки «Инцидент менеджмент»')
