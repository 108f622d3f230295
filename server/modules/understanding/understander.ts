/**
 * Assembles what the understanding step needs: the text model (the active one from the database, or the
 * shipped one), the gazetteer (the active one, or the demo one) and the topic reference.
 */
import fs from 'node:fs'
import { and, eq } from 'drizzle-orm'
import type { Queryable } from '../../platform/db'
import { Gazetteer, type GazetteerDoc } from './address/gazetteer'
import { demoGazetteer, loadActiveGazetteer } from './address/gazetteer.store'
import { shippedModel } from './shipped-model'
import { TextModel } from './text-model'
import type { TopicRef, Understander } from './understand'
import { models } from './understanding.tables'

const TOPICS_FILE = new URL('../../../reference/topics.json', import.meta.url)

/** Current topics by code (a retired code points to its successor's entry). */
export function topicReference(): Map<string, TopicRef> {
  const list = JSON.parse(fs.readFileSync(TOPICS_FILE, 'utf8')) as (TopicRef & { replacedBy?: string })[]
  const byCode = new Map(list.map((t) => [t.code, t]))
  return new Map(list.map((t) => [t.code, (t.replacedBy && byCode.get(t.replacedBy)) || t]))
}

export interface UnderstanderFiles {
  /** A model file written by `veche train --out` (default: the shipped model). */
  modelFile?: string
  /** A gazetteer document (JSON) such as `veche gazetteer export` writes (default: the demo gazetteer). */
  gazetteerFile?: string
  /** The urgency head's bar where no rule fires (VECHE_URGENT_MODEL_CONFIDENCE; default URGENT_MODEL_THRESHOLD). */
  urgentModelThreshold?: number
  onTrain?: (message: string) => void
}

/** For the CLI and the evaluation: files, or the shipped model and the demo gazetteer. */
export function fileUnderstander(opts: UnderstanderFiles = {}): Understander {
  const model = opts.modelFile
    ? TextModel.fromBuffer(fs.readFileSync(opts.modelFile))
    : shippedModel({ onTrain: opts.onTrain })
  const gazetteer = opts.gazetteerFile
    ? Gazetteer.fromDoc(JSON.parse(fs.readFileSync(opts.gazetteerFile, 'utf8')) as GazetteerDoc)
    : demoGazetteer()
  return { model, gazetteer, topics: topicReference(), urgentModelThreshold: opts.urgentModelThreshold }
}

let activeModel: { version: string; model: TextModel } | null = null

/** The active text model: the newest one `veche train` switched to, else the shipped one. */
export async function loadActiveModel(db: Queryable): Promise<TextModel> {
  const [head] = await db
    .select({ version: models.version })
    .from(models)
    .where(and(eq(models.kind, 'text'), eq(models.active, true)))
    .limit(1)
  if (!head) return shippedModel()
  if (activeModel?.version === head.version) return activeModel.model
  const [row] = await db
    .select({ content: models.content })
    .from(models)
    .where(eq(models.version, head.version))
  const model = TextModel.fromBuffer(Buffer.from(row.content))
  activeModel = { version: head.version, model }
  return model
}

/** For the server: the database's active model and gazetteer, and the urgency head's bar from the settings. */
export async function databaseUnderstander(
  db: Queryable,
  opts: { urgentModelThreshold?: number } = {},
): Promise<Understander> {
  const [model, gazetteer] = await Promise.all([loadActiveModel(db), loadActiveGazetteer(db)])
  return { model, gazetteer, topics: topicReference(), urgentModelThreshold: opts.urgentModelThreshold }
}
