/**
 * The urgency of a text: the rules (urgency.ts, explainable, quoting the words that triggered) or, where no
 * rule names the danger, the text model's urgency head when it is confident. The head learnt from the
 * project's labelled messages (urgency-corpus.ts); it catches dangers worded in ways no rule foresaw, and
 * its verdict says it is the model's, so the operator knows to look.
 */
import type { UrgencyVerdict } from './urgency'

/**
 * From this probability of the urgency head a text is urgent without a rule. Chosen on the sixth blind set
 * with the rules as they were when it was first scored (recall 0.892 → 0.962, precision 0.967 → 0.962) and
 * on the real «Наш СПб» sample (share of flagged messages of non-hazard reasons 0.064 → 0.080; of hazard reasons 0.494 → 0.540), before the
 * seventh blind set was opened. The server reads it from VECHE_URGENT_MODEL_CONFIDENCE (this is the default).
 */
export const URGENT_MODEL_THRESHOLD = 0.8

export interface JudgedUrgency extends UrgencyVerdict {
  /** The urgency head's probability (null when the model has no such head). */
  model: number | null
  /** Who decided: the rules, the model alone, or nobody (not urgent). */
  by: 'rules' | 'model' | null
}

export function judgeUrgency(
  rules: UrgencyVerdict,
  model: number | null,
  threshold = URGENT_MODEL_THRESHOLD,
): JudgedUrgency {
  if (rules.urgent) return { ...rules, model, by: 'rules' }
  if (model === null || threshold >= 1 || model < threshold) return { ...rules, model, by: null }
  return {
    urgent: true,
    score: Math.max(rules.score, model),
    categories: rules.categories,
    reasons: [
      ...rules.reasons,
      `Похоже на срочное по модели (${Math.round(model * 100)} %): явного признака в правилах нет — проверьте`,
    ],
    model,
    by: 'model',
  }
}
