import cliProgress from 'cli-progress'

/** A progress bar on stderr for anything long; silent when stderr is not a terminal and in CI logs. */
export function progressBar(label: string, total: number) {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted}`,
      stream: process.stderr,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 5000,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(total, 0)
  return {
    update: (n: number) => bar.update(n),
    setTotal: (n: number) => bar.setTotal(n),
    stop: () => bar.stop(),
  }
}
