/**
 * `npm run eval`: every evaluation section on the real sets in ../shared/data (evaluation only), with a
 * fixed seed. Prints each section and writes the headline figures to eval/last-run.json (not committed).
 * `npm run eval -- sector learning` runs only the named sections.
 */
import fs from 'node:fs'
import path from 'node:path'
import { type EvalResult, type EvalSection, fmt, makeContext } from './lib'

const SECTIONS: Record<string, () => Promise<{ default: EvalSection }>> = {
  sector: () => import('./sector'),
  learning: () => import('./learning'),
  address: () => import('./address'),
  duplicates: () => import('./duplicates'),
  urgent: () => import('./urgent'),
  noise: () => import('./noise'),
  speed: () => import('./speed'),
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const unknown = wanted.filter((w) => !SECTIONS[w])
if (unknown.length) {
  console.error(`Неизвестные разделы: ${unknown.join(', ')}. Есть: ${Object.keys(SECTIONS).join(', ')}`)
  process.exit(1)
}
const ctx = makeContext()
const results: Record<string, EvalResult & { seconds: number }> = {}
for (const name of wanted.length ? wanted : Object.keys(SECTIONS)) {
  const started = performance.now()
  ctx.log(`… ${name}`)
  const section = (await SECTIONS[name]()).default
  const result = await section(ctx)
  const seconds = (performance.now() - started) / 1000
  results[name] = { ...result, seconds }
  console.log(`\n## ${result.title}  (${fmt(seconds, 1)} с)`)
  for (const [k, v] of Object.entries(result.metrics)) console.log(`${k}: ${fmt(v)}`)
  for (const l of result.lines) console.log(l)
}
fs.writeFileSync(
  path.join(import.meta.dirname, 'last-run.json'),
  `${JSON.stringify(
    {
      at: new Date().toISOString(),
      seed: ctx.seed,
      sections: Object.fromEntries(
        Object.entries(results).map(([k, r]) => [k, { metrics: r.metrics, seconds: r.seconds }]),
      ),
    },
    null,
    2,
  )}\n`,
)
