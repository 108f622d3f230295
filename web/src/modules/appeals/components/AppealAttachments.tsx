import type { AppealAttachment } from '../api/types'

/** Browsers draw these; HEIC and PDF are offered as links. */
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif']

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} КБ`
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} МБ`
}

/**
 * The citizen's files on the card: image thumbnails (the file endpoint sends the type it found by content,
 * with nosniff and a CSP, so an <img> is safe) and links to PDFs and HEIC photos.
 */
export function AppealAttachments({ files }: { files: AppealAttachment[] }) {
  const images = files.filter((f) => IMAGE_TYPES.includes(f.mime))
  const others = files.filter((f) => !IMAGE_TYPES.includes(f.mime))
  return (
    <div className="stack-tight">
      {images.length > 0 && (
        <ul className="attachment-grid">
          {images.map((f) => (
            <li key={f.id}>
              <a
                href={f.url}
                target="_blank"
                rel="noopener noreferrer"
                title={`${f.fileName}, ${formatSize(f.size)}`}
              >
                <img
                  src={f.url}
                  alt={`Фото заявителя: ${f.fileName}`}
                  className="attachment-thumb"
                  loading="lazy"
                />
              </a>
            </li>
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <ul className="attachment-files">
          {others.map((f) => (
            <li key={f.id}>
              <a href={f.url} target="_blank" rel="noopener noreferrer">
                {f.fileName}
              </a>{' '}
              <span className="muted small">
                {f.mime === 'application/pdf' ? 'PDF' : 'HEIC'} · {formatSize(f.size)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
