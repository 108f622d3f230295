import { useRef } from 'react'
import type { SubmitForm } from '../hooks/useSubmitForm'
import { formatSize } from '../utils/files'

/** Up to five photos or PDFs with previews; the type is checked by content before anything is sent. */
export function PhotoPicker({ form }: { form: SubmitForm }) {
  const input = useRef<HTMLInputElement>(null)
  const limits = form.info?.limits
  if (!limits) return null
  const full = form.files.length >= limits.maxFiles
  return (
    <fieldset aria-describedby="photos-hint">
      <legend>Фотографии</legend>
      <p id="photos-hint" className="muted small photos-hint">
        До {limits.maxFiles} файлов, каждый не больше {limits.maxFileBytes / 1024 / 1024} МБ: JPEG, PNG, WebP,
        GIF, HEIC или PDF.
      </p>
      {form.files.length > 0 && (
        <ul className="photo-list" aria-label="Выбранные файлы">
          {form.files.map((f) => (
            <li key={f.key} className="photo-item">
              {f.previewUrl ? (
                <img src={f.previewUrl} alt={`Фото: ${f.file.name}`} className="photo-thumb" />
              ) : (
                <span className="photo-thumb photo-thumb-file" aria-hidden="true">
                  {f.kind === 'application/pdf' ? 'PDF' : 'HEIC'}
                </span>
              )}
              <span className="photo-name" title={f.file.name}>
                {f.file.name}
                <span className="muted small"> · {formatSize(f.file.size)}</span>
              </span>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => form.removeFile(f.key)}
                aria-label={`Убрать файл ${f.file.name}`}
              >
                Убрать
              </button>
            </li>
          ))}
        </ul>
      )}
      <div>
        <input
          ref={input}
          id="files"
          type="file"
          multiple
          accept={[...limits.accept, '.heic'].join(',')}
          className="visually-hidden"
          disabled={full}
          onChange={(e) => {
            if (e.target.files) void form.addFiles(e.target.files)
            e.target.value = ''
          }}
        />
        <label htmlFor="files" className={`btn photo-add${full ? ' photo-add-disabled' : ''}`}>
          {form.files.length === 0 ? 'Добавить фото' : 'Добавить ещё'}
        </label>
        <span className="muted small">
          {' '}
          {form.files.length} из {limits.maxFiles}
        </span>
      </div>
      {form.fileErrors.length > 0 && (
        <ul className="field-error photo-errors" role="alert">
          {form.fileErrors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </fieldset>
  )
}
